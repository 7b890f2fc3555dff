"""The desk's core (generator/desk/): forms made from the registry, careful saves, and drafts that
reach content/ only when approved (先审后发). The web pages that use them come in their own tests."""
import difflib
import subprocess

import pytest
import yaml

from generator.desk.changes import REMOVED, StaleFile, edit, fingerprint
from generator.desk.drafts import APPROVED, PENDING, RETURNED, DraftRefused, DraftStore
from generator.desk.forms import Group, form, inputs

SERVICE = "offices/yangjiabo/shiye-baoxianjin-shenling.yml"


def diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_every_shipped_file_opens_as_a_form_and_an_untouched_form_saves_nothing(content_copy):
    files = sorted((content_copy / "offices").glob("*/*.yml"))
    assert len(files) > 40
    for path in files:
        text = path.read_text("utf-8")
        data = yaml.safe_load(text)
        kind = "office" if path.name == "office.yml" else "service"
        values = {i.path: i.value for i in inputs(form(kind, data)) if i.value not in ("", None)}
        assert values, path
        result = edit(text, fingerprint(text), {p: v for p, v in values.items()})
        assert result.changed == {} and result.text == text, path


def test_the_form_names_every_field_in_chinese_with_its_path(content_copy):
    data = yaml.safe_load((content_copy / SERVICE).read_text("utf-8"))
    parts = form("service", data)
    by_path = {i.path: i for i in inputs(parts)}
    assert by_path["phone"].title == "咨询电话" and by_path["phone"].control == "tel"
    assert by_path["holidays"].title == "节假日说明" and by_path["holidays"].help.startswith("如 ")
    materials = next(p for p in parts if p.path == "materials")
    assert isinstance(materials, Group) and materials.title.startswith("运行要件")
    assert by_path["materials.groups.0.items.1"].value == "银行账号"
    assert by_path["materials.groups.1.intro"].value == "无需材料"
    assert by_path["visits"].control == "number"
    titles = [i.title for i in by_path.values()]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in titles), [t for t in titles if t.isascii()]


def test_a_phone_is_a_draft_until_approved_then_one_line(content_copy):
    path = content_copy / SERVICE
    before = path.read_text("utf-8")
    store = DraftStore(content_copy)
    draft = store.propose(SERVICE, fingerprint(before), {"phone": "022-25869855"}, author="张三")
    assert draft.status == PENDING and draft.changes == {"phone": [None, "022-25869855"]}
    assert path.read_text("utf-8") == before  # nothing reaches content/ before 通过
    store.approve(draft.id, reviewer="李四")
    after = path.read_text("utf-8")
    assert diff(before, after) == ["+phone: 022-25869855"]
    assert store.get(draft.id).status == APPROVED and store.get(draft.id).reviewer == "李四"


def test_changing_a_phone_already_there_is_a_one_line_diff(content_copy):
    path = content_copy / "offices/yangjiabo/office.yml"
    store = DraftStore(content_copy)
    text = path.read_text("utf-8")
    first = store.propose("offices/yangjiabo/office.yml", fingerprint(text), {"phone": "022-25869855"}, "张三")
    store.approve(first.id, "张三")
    text = path.read_text("utf-8")
    second = store.propose("offices/yangjiabo/office.yml", fingerprint(text), {"phone": "022-66668888"}, "张三")
    store.approve(second.id, "张三")
    changed = diff(text, path.read_text("utf-8"))  # one line out, one line in, its quoting kept
    assert len(changed) == 2 and changed[0].startswith("-phone: ") and changed[1].startswith("+phone: ")
    assert "022-66668888" in changed[1] and yaml.safe_load(path.read_text("utf-8"))["phone"] == "022-66668888"


def test_adding_a_material_adds_its_lines_only(content_copy):
    path = content_copy / SERVICE
    before = path.read_text("utf-8")
    data = yaml.safe_load(before)
    n = len(data["materials"]["groups"][0]["items"])
    store = DraftStore(content_copy)
    draft = store.propose(SERVICE, fingerprint(before), {f"materials.groups.0.items.{n}": "户口簿"}, "张三")
    store.approve(draft.id, "张三")
    assert diff(before, path.read_text("utf-8")) == ["+    - 户口簿"]


def test_removing_an_entry_removes_its_lines_only(content_copy):
    path = content_copy / SERVICE
    before = path.read_text("utf-8")
    items = yaml.safe_load(before)["materials"]["groups"][0]["items"]
    result = edit(before, fingerprint(before), {"materials.groups.0.items.0": REMOVED})
    assert yaml.safe_load(result.text)["materials"]["groups"][0]["items"] == items[1:]
    assert all(line.startswith("-") for line in diff(before, result.text))


def test_a_bad_phone_is_refused_in_chinese_at_the_field_and_nothing_is_written(content_copy):
    path = content_copy / SERVICE
    before = path.read_text("utf-8")
    store = DraftStore(content_copy)
    with pytest.raises(DraftRefused) as refused:
        store.propose(SERVICE, fingerprint(before), {"phone": "12"}, "张三")
    assert any(p.field == "phone" and "电话" in p.message for p in refused.value.problems), refused.value.problems
    assert path.read_text("utf-8") == before and store.all() == []


def test_a_file_changed_since_the_form_was_opened_is_never_overwritten(content_copy):
    path = content_copy / SERVICE
    opened = fingerprint(path.read_text("utf-8"))
    path.write_text(path.read_text("utf-8") + "# 重新导入\n", "utf-8")
    with pytest.raises(StaleFile) as stale:
        DraftStore(content_copy).propose(SERVICE, opened, {"phone": "022-25869855"}, "张三")
    assert stale.value.current_text.endswith("# 重新导入\n")


def test_a_draft_over_a_file_changed_before_approval_is_refused(content_copy):
    path = content_copy / SERVICE
    store = DraftStore(content_copy)
    draft = store.propose(SERVICE, fingerprint(path.read_text("utf-8")), {"phone": "022-25869855"}, "张三")
    changed = path.read_text("utf-8") + "# 别人改过\n"
    path.write_text(changed, "utf-8")
    with pytest.raises(StaleFile):
        store.approve(draft.id, "李四")
    assert path.read_text("utf-8") == changed and store.get(draft.id).status == PENDING


def test_returned_with_a_note_and_a_second_person_when_required(content_copy):
    store = DraftStore(content_copy)
    text = (content_copy / SERVICE).read_text("utf-8")
    draft = store.propose(SERVICE, fingerprint(text), {"phone": "022-25869855"}, "张三")
    with pytest.raises(DraftRefused, match="另一个人审核"):
        store.approve(draft.id, "张三", allow_self=False)
    store.reject(draft.id, "李四", "号码请写总机")
    assert (store.get(draft.id).status, store.get(draft.id).note) == (RETURNED, "号码请写总机")
    with pytest.raises(DraftRefused):
        store.approve(draft.id, "李四")
    assert (content_copy / SERVICE).read_text("utf-8") == text


def test_paths_stay_inside_content(content_copy):
    store = DraftStore(content_copy)
    for file in ("../mkdocs.yml", "/etc/passwd", "offices/../../x.yml"):
        with pytest.raises(DraftRefused):
            store.propose(file, "", {"phone": "022-25869855"}, "张三")


def test_a_landed_change_is_a_git_commit_naming_who_and_what(content_copy):
    root = content_copy.parent
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "."], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start"], check=True)
    store = DraftStore(content_copy)
    text = (content_copy / SERVICE).read_text("utf-8")
    draft = store.propose(SERVICE, fingerprint(text), {"phone": "022-25869855"}, "张三")
    store.approve(draft.id, "李四")
    log = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%an%n%B", "--stat"], capture_output=True, text=True).stdout
    assert log.startswith("张三\n编辑台：" + SERVICE + "（phone）") and "审核通过：李四" in log and SERVICE in log


def test_without_git_a_landed_change_is_logged_beside_content(content_copy):
    store = DraftStore(content_copy)
    text = (content_copy / SERVICE).read_text("utf-8")
    draft = store.propose(SERVICE, fingerprint(text), {"phone": "022-25869855"}, "张三")
    store.approve(draft.id, "李四")
    logged = yaml.safe_load(store.log.read_text("utf-8").splitlines()[-1])
    assert logged["author"] == "张三" and logged["reviewer"] == "李四" and logged["changes"] == {"phone": [None, "022-25869855"]}
