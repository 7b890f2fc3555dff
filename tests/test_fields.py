"""The registry of fields (catalogue/fields.py) is the one place a field is declared: the import
reads what the export writes, no word means two fields, and the committed schemas are what it gives."""
from generator.catalogue import elements, schema_build
from generator.catalogue.fields import ELEMENTS, FIELDS, PLACE_KEYS
from generator.catalogue.kinds import KINDS
from generator.catalogue.model import Service
from generator.exports.tables import COLUMNS, HEADERS
from generator.sources.records import LABEL_TO_FIELD, normalise_label


def test_every_export_column_imports_back_to_its_field():
    assert [LABEL_TO_FIELD[normalise_label(header)] for header in HEADERS] == [key for key, _ in COLUMNS]


def test_the_export_keeps_its_published_column_order():
    # the open data's services.csv: consumers read columns by position too
    assert HEADERS[:8] == ["机构", "机构编号", "序号", "名称", "标题", "主题", "服务对象", "别名"]
    assert HEADERS[-4:] == ["其他信息", "更新日期", "网址", "网址编号"]
    assert HEADERS.index("办理地点") < HEADERS.index("节假日说明") < HEADERS.index("咨询窗口") < HEADERS.index("办理时限")


def test_no_word_names_two_fields():
    names = [name for f in FIELDS for name in f.names]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


def test_the_committed_schemas_are_what_the_registry_gives():
    for name, build in schema_build.SCHEMAS.items():
        committed = (schema_build.SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8")
        assert committed == schema_build.text(build()), \
            f"{name}.schema.json differs from the registry: run python -m generator.catalogue.schema_build"
        assert schema_build.GENERATED in committed


def test_every_element_is_something_a_service_can_have():
    attributes = set(Service.__dataclass_fields__)
    plain = {f.key for f in FIELDS if KINDS[f.kind].plain}
    assert set(ELEMENTS) <= attributes | set(PLACE_KEYS) | plain
    assert elements.ELEMENTS is ELEMENTS


def test_the_report_lists_the_place_first():
    assert list(ELEMENTS)[:len(PLACE_KEYS)] == list(PLACE_KEYS)


def test_every_field_has_a_kind_and_a_known_place():
    for f in FIELDS:
        assert f.kind in KINDS, f.key
        assert f.on in ("service", "office", "both", "column"), f.key
        assert not f.after or f.after in PLACE_KEYS, f.key


def test_a_plain_field_of_the_place_reads_the_same_on_the_service(content_copy):
    from generator.catalogue.load import load_catalogue

    path = content_copy / "offices/yangjiabo/office.yml"
    path.write_text(path.read_text("utf-8") + "holidays: 法定节假日不办公\nenquiry_window: 大厅咨询台\n", "utf-8")
    service = next(s for s in load_catalogue(content_copy).services if s.office_id == "yangjiabo")
    assert (service.holidays, service.place.holidays) == ("法定节假日不办公", "法定节假日不办公")
    assert service.enquiry_window == "大厅咨询台" and service.delivery == ""
    assert elements.hours_text(service.place) == "法定节假日不办公"
