"""The editor's desk in Chromium, as an office's staff use it: started by `service-guide edit` on a
temporary copy of the content, every form opened and saved, a phone and a material added, reviewed,
refused when wrong or stale; a district's desk with accounts (403 across offices). No request leaves
the machine, no English word in the interface, axe finds nothing."""
import difflib
from pathlib import Path
import re
import subprocess
import sys

import pytest
import yaml


from generator.desk.accounts import Accounts
from sourcetext import strings
from browser.conftest import local_page

SERVICE = "offices/yangjiabo/shiye-baoxianjin-shenling.yml"
SERVICE_URL = "offices/yangjiabo/shiye-baoxianjin-shenling/"
SHOWN = """() => {
  const out = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement
    if (el && !el.closest("script, style, template") && el.checkVisibility() && node.textContent.trim())
      out.push(node.textContent.trim())
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]"))
    for (const name of ["aria-label", "title", "placeholder", "alt"])
      if (el.getAttribute(name)) out.push(el.getAttribute(name))
  out.push(document.title)
  return out
}"""


def diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


class Desk:
    def __init__(self, content, *options):
        self.content = content
        self.process = subprocess.Popen([sys.executable, "-m", "generator", "--content", str(content), "edit",
                                         "--port", "0", "--no-browser", *options], stdout=subprocess.PIPE, text=True)
        first = self.process.stdout.readline()
        assert first.startswith("编辑台：http://127.0.0.1:"), first
        self.url = first.removeprefix("编辑台：").strip()
        self.base = self.url.split("?")[0]

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def desk(content_copy):
    running = Desk(content_copy)
    yield running
    running.stop()


@pytest.fixture
def outside():
    return []


@pytest.fixture
def open_page(browser, outside):
    contexts = []

    def make(url, width=1280, height=900):
        context, page = local_page(browser, outside, width, height)
        contexts.append(context)
        page.goto(url)
        return page

    yield make
    for context in contexts:
        context.close()


def approve_all(page, desk):
    page.goto(desk.base + "review/")
    while page.get_by_role("button", name="通过").count():
        page.get_by_role("button", name="通过").first.click()
        page.wait_for_load_state()


def test_every_shipped_file_opens_and_an_untouched_save_changes_no_byte(desk, open_page, outside):
    page = open_page(desk.url)
    files = sorted((desk.content / "offices").glob("*/*.yml"))
    assert len(files) > 40
    for path in files:
        before = path.read_bytes()
        url = f"{desk.base}offices/{path.parent.name}/" + ("" if path.stem == "office" else f"{path.stem}/")
        page.goto(url)
        assert page.locator("[data-path]").count() > 5, url
        page.get_by_role("button", name="保存").click()
        assert page.get_by_text("没有改动，未保存").is_visible(), url
        assert path.read_bytes() == before, path
    assert not (desk.content.parent / ".desk" / "drafts").exists() or not any((desk.content.parent / ".desk" / "drafts").iterdir())
    assert outside == []


def test_a_phone_is_one_line_after_approval_and_none_before(desk, open_page, outside):
    path = desk.content / SERVICE
    before = path.read_text("utf-8")
    page = open_page(desk.url, 375, 800)
    page.goto(desk.base + SERVICE_URL)
    page.fill('[data-path="phone"]', "022-25869855")
    page.get_by_role("button", name="保存").click()
    assert page.get_by_text("已保存为待审核的修改").is_visible()
    assert path.read_text("utf-8") == before
    page.goto(desk.base + "review/")
    assert page.locator("td.new", has_text="022-25869855").is_visible()
    assert page.locator("th", has_text="咨询电话").first.is_visible()
    page.get_by_role("button", name="通过").click()
    assert page.get_by_text("已通过").first.is_visible()
    assert diff(before, path.read_text("utf-8")) == ["+phone: 022-25869855"]
    assert outside == []


def test_adding_a_material_adds_its_lines_only(desk, open_page):
    path = desk.content / SERVICE
    before = path.read_text("utf-8")
    page = open_page(desk.url)
    page.goto(desk.base + SERVICE_URL)
    page.locator('[data-add="materials.groups.0.items"][data-variant="0"]').click()
    items = yaml.safe_load(before)["materials"]["groups"][0]["items"]
    page.fill(f'[data-path="materials.groups.0.items.{len(items)}"]', "户口簿")
    page.get_by_role("button", name="保存").click()
    approve_all(page, desk)
    assert diff(before, path.read_text("utf-8")) == ["+    - 户口簿"]


def test_removing_a_material_removes_its_line_only(desk, open_page):
    path = desk.content / SERVICE
    before = path.read_text("utf-8")
    page = open_page(desk.url)
    page.goto(desk.base + SERVICE_URL)
    first = yaml.safe_load(before)["materials"]["groups"][0]["items"][0]
    page.locator('[data-remove="materials.groups.0.items.0"]').click()
    page.get_by_role("button", name="保存").click()
    approve_all(page, desk)
    changed = diff(before, path.read_text("utf-8"))
    assert len(changed) == 1 and changed[0].startswith("-") and first in changed[0]


def test_a_material_written_out_in_parts_changes_its_own_lines_only(desk, open_page):
    """分栏填写: the material's text becomes its name; its form and copies are chosen in the form."""
    path = desk.content / SERVICE
    before = path.read_text("utf-8")
    first = yaml.safe_load(before)["materials"]["groups"][0]["items"][0]
    page = open_page(desk.url, 375, 800)
    page.goto(desk.base + SERVICE_URL)
    page.locator('[data-detail="materials.groups.0.items.0"]').click()
    assert page.locator('[data-path="materials.groups.0.items.0.name"]').input_value() == first
    page.select_option('[data-path="materials.groups.0.items.0.form"]', "原件")
    page.fill('[data-path="materials.groups.0.items.0.copies"]', "2")
    page.get_by_role("button", name="保存").click()
    approve_all(page, desk)
    after = path.read_text("utf-8")
    item = yaml.safe_load(after)["materials"]["groups"][0]["items"][0]
    assert item == {"name": first, "form": "原件", "copies": 2}
    changed = diff(before, after)
    assert changed[0] == f"-    - {first}" and len(changed) == 4, changed


def test_a_new_detailed_material_in_a_new_group(desk, open_page):
    path = desk.content / SERVICE
    groups = len(yaml.safe_load(path.read_text("utf-8"))["materials"]["groups"])
    page = open_page(desk.url)
    page.goto(desk.base + SERVICE_URL)
    page.locator('.adds [data-add="materials.groups"]').first.click()
    page.fill(f'[data-path="materials.groups.{groups}.name"]', "委托他人代办的")
    page.locator(f'[data-add="materials.groups.{groups}.items"][data-variant="1"]').click()
    page.fill(f'[data-path="materials.groups.{groups}.items.0.name"]', "授权委托书")
    page.fill(f'[data-path="materials.groups.{groups}.items.0.copies"]', "1")
    page.get_by_role("button", name="保存").click()
    approve_all(page, desk)
    added = yaml.safe_load(path.read_text("utf-8"))["materials"]["groups"][groups]
    assert added == {"name": "委托他人代办的", "items": [{"name": "授权委托书", "copies": 1}]}


def test_a_bad_phone_is_shown_in_chinese_at_the_field_and_nothing_is_written(desk, open_page):
    path = desk.content / SERVICE
    before = path.read_text("utf-8")
    page = open_page(desk.url, 375, 800)
    page.goto(desk.base + SERVICE_URL)
    page.fill('[data-path="phone"]', "12")
    page.get_by_role("button", name="保存").click()
    field = page.locator(".field", has=page.locator('[data-path="phone"]'))
    assert "不是可识别的电话号码" in field.locator(".error").inner_text()
    assert page.locator('[data-path="phone"]').get_attribute("aria-invalid") == "true"
    assert page.locator('[data-path="phone"]').input_value() == "12"  # what was typed stays, to correct it
    assert path.read_text("utf-8") == before and not (desk.content.parent / ".desk" / "drafts").exists()


def test_a_stale_save_is_refused(desk, open_page):
    path = desk.content / SERVICE
    page = open_page(desk.url)
    page.goto(desk.base + SERVICE_URL)
    path.write_text(path.read_text("utf-8") + "# 重新导入于 12 月 7 日\n", "utf-8")
    changed = path.read_text("utf-8")
    page.fill('[data-path="phone"]', "022-25869855")
    page.get_by_role("button", name="保存").click()
    assert page.get_by_role("heading", name=re.compile("被修改过")).is_visible()
    assert page.locator("td", has_text="022-25869855").is_visible()
    assert path.read_text("utf-8") == changed


def test_a_request_without_the_token_gets_nothing(desk, open_page):
    page = open_page(desk.base)
    assert "失业保险" not in page.content() and "杨家泊" not in page.content()
    assert page.get_by_role("heading", name="没有权限").is_visible()


PAGES = ["", SERVICE_URL, "offices/yangjiabo/", "review/", "import/"]
FILE_NAMES = {"files", "pdf"}  # the help of a blank form's field shows how its file name is written
PROGRAMS = {"Word", "WPS", "Excel", "MB"}  # what offices save their files with, and how large one may be


def catalogue_words(content) -> set[str]:
    """Latin words the content's values hold (pinyin ids, APP, a 文号's letters): never its keys, nor a
    value that is one code word (list, residents), which the desk must show in Chinese."""
    return {w for path in content.rglob("*.yml") for text in strings(yaml.safe_load(path.read_text("utf-8")))
            if not re.fullmatch(r"[a-z_]+", text) for w in re.findall(r"[A-Za-z]{2,}", text)}


@pytest.mark.parametrize("width", [375, 1280])
def test_no_english_and_no_axe_violation(desk, open_page, width, outside):
    from axe_playwright_python.sync_playwright import Axe

    allowed = catalogue_words(desk.content) | FILE_NAMES | PROGRAMS

    def check(where: str) -> None:
        page.locator("details").evaluate_all("els => els.forEach(d => d.open = true)")
        english = [t for t in page.evaluate(SHOWN) for w in re.findall(r"[A-Za-z]{2,}", re.sub(r"https?://\S*", "", t))
                   if w not in allowed]
        assert not english, (where, english)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, where  # nothing scrolls sideways
        violations = Axe().run(page).response["violations"]
        assert not violations, (where, [(v["id"], v["impact"], v["nodes"][0]["html"][:120]) for v in violations])

    page = open_page(desk.url, width, 800)
    page.goto(desk.base + SERVICE_URL)
    page.fill('[data-path="phone"]', "022-25869855")
    page.get_by_role("button", name="保存").click()  # so the review page has a draft with its buttons
    for path in PAGES:
        page.goto(desk.base + path)
        check(path)
    upload(page, desk, REAL_DOCS / "anhua_dibao_rending_guide.docx")
    allowed |= set(re.findall(r"[A-Za-z]{2,}", "anhua_dibao_rending_guide.docx"))  # the uploaded file's name
    check("the import's reading")
    page.goto(desk.base + "offices/nosuch/")
    check("404")
    assert outside == []


def test_a_district_editor_of_one_office_gets_403_on_another(content_copy, open_page):
    accounts = Accounts(content_copy.parent / ".desk" / "accounts.json")
    accounts.set("yang-bianji", "yangjiabo-password", ["编辑"], ["yangjiabo"])
    desk = Desk(content_copy, "--behind-proxy")
    try:
        page = open_page(desk.base)
        assert page.get_by_role("heading", name="登录编辑台").is_visible()
        page.get_by_label("账号").fill("yang-bianji")
        page.get_by_label("密码").fill("yangjiabo-password")
        page.get_by_role("button", name="登录").click()
        assert page.get_by_role("heading", name="居民还看不到的信息").is_visible()
        assert page.get_by_text("杨家泊镇党群服务中心").first.is_visible() and page.get_by_text("新村街道").count() == 0
        response = page.goto(desk.base + "offices/xincun/")
        assert response.status == 403 and page.get_by_role("heading", name="没有权限").is_visible()
        assert page.goto(desk.base + SERVICE_URL).status == 200
    finally:
        desk.stop()


REAL_DOCS = Path(__file__).resolve().parents[3] / "shared" / "real-docs"
GUIDE = """居住证明开具办事指南
一、事项名称：居住证明开具
二、办理对象：在本社区居住的居民
三、申请材料：
1. 居民身份证
2. 户口簿
四、办理流程：
1. 到社区居委会提出申请
2. 社区核实后开具证明
五、办理时限：即办
六、收费标准：不收费
七、温馨提示：请本人携带原件办理，代办需携带委托书。
八、咨询电话：022-25869855
"""


def upload(page, desk, path, **fields):
    page.goto(desk.base + "import/")
    page.get_by_label("文件").set_input_files(str(path))
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="读取文件").click()


def test_a_real_guide_is_imported_from_the_desk_after_review(desk, open_page, outside):
    document = REAL_DOCS / "anhua_dibao_rending_guide.docx"
    page = open_page(desk.url, 375, 800)
    upload(page, desk, document, 城市="湖南省", 区县="安化县")
    assert page.get_by_role("heading", name="各栏目读到了哪里").is_visible()
    assert page.get_by_text("“办理地址” → 办理地点").is_visible()  # each label beside the field it went to
    assert page.get_by_text("新增：城乡最低生活保障对象认定（待核对 6 处）").is_visible()
    assert not list((desk.content / "offices").glob("anhua*"))
    page.get_by_role("button", name="提交审核").click()
    assert page.get_by_text("已提交审核").is_visible()
    assert not list((desk.content / "offices").glob("anhua*"))  # nothing lands before 通过
    page.get_by_role("button", name="通过").click()
    office = next((desk.content / "offices").glob("anhua*"))
    service = yaml.safe_load((office / "chengxiang-zuidi-shenghuo-baozhang-duixiang-rending.yml").read_text("utf-8"))
    assert service["phone"] == "0737-7226787" and service["address"] == "户籍所在地村(居)委或乡镇人民政府"
    page.goto(f"{desk.base}offices/{office.name}/chengxiang-zuidi-shenghuo-baozhang-duixiang-rending/")
    assert page.locator('[data-path="review.0"]').count() == 1  # what awaits review is in the form, to resolve
    assert outside == []


def test_a_label_kept_as_other_information_can_go_into_a_field_or_be_left_out(desk, open_page, tmp_path):
    document = tmp_path / "幸福社区居委会.txt"
    document.write_text(GUIDE, "utf-8")
    page = open_page(desk.url)
    upload(page, desk, document, 城市="天津市")
    choice = page.get_by_label("“温馨提示”放到")
    assert choice.input_value() == ""  # 保留为其他信息 unless the editor says otherwise
    choice.select_option(label="送达方式")
    page.get_by_role("button", name="按选择重新读取").click()
    assert page.get_by_label("“温馨提示”放到").count() == 0
    page.get_by_role("button", name="提交审核").click()
    page.get_by_role("button", name="通过").click()
    written = next(p for p in (desk.content / "offices").glob("*/juzhu-zhengming-kaiju.yml"))
    service = yaml.safe_load(written.read_text("utf-8"))
    assert service["delivery"] == "请本人携带原件办理，代办需携带委托书。"
    assert "温馨提示" not in [entry["label"] for entry in service.get("extra", [])]


def test_an_import_that_would_break_the_site_cannot_be_submitted(desk, open_page, tmp_path):
    """新村 requires 序号, 法定依据 … of every service: a guide without them is refused, said why."""
    document = tmp_path / "居住证明.txt"
    document.write_text(GUIDE, "utf-8")
    page = open_page(desk.url)
    upload(page, desk, document)
    page.goto(page.url.replace("office=", "office=xincun"))
    assert page.get_by_role("heading", name=re.compile("通不过检查")).is_visible()
    assert page.get_by_text("要求每个事项填写“法定依据”").first.is_visible()
    assert page.get_by_role("button", name="提交审核").count() == 0
