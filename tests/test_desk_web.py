"""The desk's web application through Flask's test client: who sees what (token, accounts, roles,
offices), CSRF, the Host check, confined paths, passwords never stored, login attempts limited,
stale saves refused. The browser tests (tests/browser/test_desk.py) drive the same pages in Chromium."""
import json
import re
import subprocess
import sys

import pytest

from generator.desk.accounts import Accounts, LoginLimiter
from generator.desk.web import DeskConfig, create_app

SERVICE_URL = "/offices/yangjiabo/shiye-baoxianjin-shenling/"
SERVICE = "offices/yangjiabo/shiye-baoxianjin-shenling.yml"


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def local_client(content, **options):
    app = create_app(DeskConfig(content, local_token="secret-token", allowed_hosts=("localhost", "127.0.0.1"), **options))
    return app.test_client()


def signed_in(content, **options):
    client = local_client(content, **options)
    assert client.get("/?token=secret-token").status_code == 302
    return client


def save(client, url: str, values: dict):
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={"_csrf": hidden(page, "_csrf"), "_opened": hidden(page, "_opened"), **values})


def test_nothing_without_the_token(content_copy):
    client = local_client(content_copy)
    for url in ("/", SERVICE_URL, "/offices/yangjiabo/", "/review/", "/?token=wrong"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 403 and "失业保险金" not in body and "杨家泊" not in body, url
    assert "启动编辑台时显示的链接" in client.get("/").get_data(as_text=True)


def test_the_token_opens_a_session_and_leaves_the_address(content_copy):
    client = local_client(content_copy)
    response = client.get(SERVICE_URL + "?token=secret-token")
    assert response.status_code == 302 and response.headers["Location"] == SERVICE_URL
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = client.get(SERVICE_URL)
    assert page.status_code == 200 and 'data-path="phone"' in page.get_data(as_text=True)
    assert "script-src 'self'" in page.headers["Content-Security-Policy"] and page.headers["Referrer-Policy"] == "no-referrer"


def test_another_host_name_is_refused(content_copy):
    """DNS rebinding: a page of evil.example resolving to 127.0.0.1 gets nothing."""
    client = signed_in(content_copy)
    assert client.get("/", headers={"Host": "evil.example:8100"}).status_code == 400


def test_a_post_without_the_form_token_changes_nothing(content_copy):
    client = signed_in(content_copy)
    before = (content_copy / SERVICE).read_text("utf-8")
    page = client.get(SERVICE_URL).get_data(as_text=True)
    response = client.post(SERVICE_URL, data={"_opened": hidden(page, "_opened"), "phone": "022-25869855"})
    assert response.status_code == 403 and "页面已过期" in response.get_data(as_text=True)
    response = client.post(SERVICE_URL, data={"_csrf": "forged", "_opened": hidden(page, "_opened"), "phone": "022-25869855"})
    assert response.status_code == 403
    assert (content_copy / SERVICE).read_text("utf-8") == before and not (content_copy.parent / ".desk" / "drafts").exists()


def test_paths_outside_the_offices_are_not_found(content_copy):
    client = signed_in(content_copy)
    for url in ("/offices/../mkdocs/", "/offices/yangjiabo/..%2F..%2F..%2Fmkdocs/", "/offices/yangjiabo/office/",
                "/offices/nosuch/", "/offices/yangjiabo/nosuch/", "/offices/%2Fetc/passwd/"):
        assert client.get(url, follow_redirects=True).status_code == 404, url


def test_a_save_is_a_draft_and_the_review_page_shows_old_and_new(content_copy):
    client = signed_in(content_copy)
    before = (content_copy / SERVICE).read_text("utf-8")
    response = save(client, SERVICE_URL, {"phone": "022-25869855"})
    assert response.status_code == 302
    assert (content_copy / SERVICE).read_text("utf-8") == before
    review = client.get("/review/").get_data(as_text=True)
    assert "咨询电话" in review and "022-25869855" in review and "本机编辑" in review and "待审核" in review


def test_a_stale_save_is_refused_and_both_values_are_shown(content_copy):
    client = signed_in(content_copy)
    page = client.get(SERVICE_URL).get_data(as_text=True)
    path = content_copy / SERVICE
    assert "\nphone:" not in path.read_text("utf-8")
    path.write_text(path.read_text("utf-8") + "phone: 022-66668888\n", "utf-8")  # another editor, meanwhile
    after = path.read_text("utf-8")
    response = client.post(SERVICE_URL, data={"_csrf": hidden(page, "_csrf"), "_opened": hidden(page, "_opened"),
                                              "phone": "022-25869855"})
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "被修改过" in body
    assert "022-25869855" in body and "022-66668888" in body
    assert path.read_text("utf-8") == after


def test_a_second_reviewer_can_be_required(content_copy):
    client = signed_in(content_copy, second_person=True)
    save(client, SERVICE_URL, {"phone": "022-25869855"})
    review = client.get("/review/").get_data(as_text=True)
    draft = re.search(r'/review/([0-9a-f]+)/approve', review).group(1)
    before = (content_copy / SERVICE).read_text("utf-8")
    client.post(f"/review/{draft}/approve", data={"_csrf": hidden(review, "_csrf")})
    assert "另一个人审核" in client.get("/review/").get_data(as_text=True)
    assert (content_copy / SERVICE).read_text("utf-8") == before


@pytest.fixture
def district(content_copy):
    accounts = Accounts(content_copy.parent / ".desk" / "accounts.json")
    accounts.set("yang-bianji", "yangjiabo-password", ["编辑"], ["yangjiabo"])
    accounts.set("xin-bianji", "xincun-password!", ["编辑"], ["xincun"])
    accounts.set("xin-shenhe", "xincun-review-1", ["审核"], ["xincun"])
    app = create_app(DeskConfig(content_copy, accounts=accounts))
    return app, accounts


def login(app, name, password):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"_csrf": hidden(page, "_csrf"), "name": name, "password": password})
    return client, response


def test_passwords_are_stored_as_argon2id_hashes_only(district):
    _, accounts = district
    stored = accounts.path.read_text("utf-8")
    assert "yangjiabo-password" not in stored
    assert all(a["password"].startswith("$argon2id$") for a in json.loads(stored))
    assert oct(accounts.path.stat().st_mode & 0o777) == "0o600"


def test_nobody_unauthenticated_sees_anything(district):
    app, _ = district
    client = app.test_client()
    for url in ("/", SERVICE_URL, "/offices/xincun/", "/review/"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/login"), url
    assert "杨家泊" not in client.get("/login").get_data(as_text=True)


def test_an_editor_of_one_office_gets_403_on_another(district, content_copy):
    app, _ = district
    yang, response = login(app, "yang-bianji", "yangjiabo-password")
    assert response.status_code == 302
    xin, _ = login(app, "xin-bianji", "xincun-password!")
    assert yang.get(SERVICE_URL).status_code == 200
    other = "/offices/xincun/chengxiangjumin-yanglaobaoxian-dengji/"
    assert yang.get(other).status_code == 403 and yang.get("/offices/xincun/").status_code == 403
    assert save(xin, other, {"phone": "022-25869855"}).status_code == 302
    review = yang.get("/review/").get_data(as_text=True)
    assert "城乡居民" not in review and "022-25869855" not in review  # xincun's draft is not shown
    overview = yang.get("/").get_data(as_text=True)
    assert "杨家泊" in overview and "新村" not in overview
    draft = json.loads(next((content_copy.parent / ".desk" / "drafts").glob("*.json")).read_text("utf-8"))["id"]
    page = yang.get("/review/").get_data(as_text=True)
    assert yang.post(f"/review/{draft}/approve", data={"_csrf": hidden(page, "_csrf")}).status_code == 403


def test_only_a_reviewer_approves(district, content_copy):
    app, _ = district
    editor, _ = login(app, "xin-bianji", "xincun-password!")
    other = "/offices/xincun/chengxiangjumin-yanglaobaoxian-dengji/"
    save(editor, other, {"phone": "022-25869855"})
    draft = json.loads(next((content_copy.parent / ".desk" / "drafts").glob("*.json")).read_text("utf-8"))["id"]
    page = editor.get("/review/").get_data(as_text=True)
    assert "通过</button>" not in page
    assert editor.post(f"/review/{draft}/approve", data={"_csrf": hidden(page, "_csrf")}).status_code == 403
    reviewer, _ = login(app, "xin-shenhe", "xincun-review-1")
    page = reviewer.get("/review/").get_data(as_text=True)
    assert reviewer.post(f"/review/{draft}/approve", data={"_csrf": hidden(page, "_csrf")}).status_code == 302
    assert "phone: 022-25869855" in (content_copy / "offices/xincun/chengxiangjumin-yanglaobaoxian-dengji.yml").read_text("utf-8")


def test_login_attempts_are_limited(district):
    app, _ = district
    for _ in range(5):
        _, response = login(app, "yang-bianji", "wrong-password")
        assert response.status_code == 401 and "账号或密码不对" in response.get_data(as_text=True)
    _, response = login(app, "yang-bianji", "yangjiabo-password")  # even the right password waits now
    assert response.status_code == 401 and "分钟后再试" in response.get_data(as_text=True)


def test_the_limiter_forgets_after_its_window():
    now = [0.0]
    limiter = LoginLimiter(attempts=3, window=600, clock=lambda: now[0])
    for _ in range(3):
        limiter.failed("a", "1.2.3.4")
    assert limiter.wait_minutes("a", "5.6.7.8") == 11 and limiter.wait_minutes("b", "1.2.3.4") == 11
    now[0] = 601
    assert limiter.wait_minutes("a", "1.2.3.4") == 0


def test_a_removed_account_is_out_at_once(district):
    app, accounts = district
    client, _ = login(app, "yang-bianji", "yangjiabo-password")
    assert client.get("/").status_code == 200
    accounts.remove("yang-bianji")
    assert client.get("/").status_code == 302


def run_cli(*args, cwd, input=None, timeout=30):
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd,
                          input=input, timeout=timeout)


def test_the_desk_says_where_it_is_first_and_refuses_a_network_address_without_accounts(content_copy):
    process = subprocess.Popen([sys.executable, "-m", "generator", "--content", str(content_copy), "edit", "--port", "0",
                                "--no-browser"], stdout=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(10)
    assert re.fullmatch(r"编辑台：http://127\.0\.0\.1:\d+/\?token=[\w-]{20,}\n", first), first
    refused = run_cli("--content", str(content_copy), "edit", "--host", "0.0.0.0", "--no-browser", cwd=content_copy.parent)
    assert refused.returncode == 1 and "必须使用账号登录" in refused.stderr and "Traceback" not in refused.stderr


def test_accounts_are_made_from_the_command_line(content_copy):
    made = run_cli("--content", str(content_copy), "desk-account", "张三", "--role", "编辑", "--offices", "xincun",
                   "--password-stdin", cwd=content_copy.parent, input="a-long-password\n")
    assert made.returncode == 0 and "已保存账号 张三" in made.stdout
    short = run_cli("--content", str(content_copy), "desk-account", "李四", "--role", "审核", "--offices", "*",
                    "--password-stdin", cwd=content_copy.parent, input="short\n")
    assert short.returncode == 1 and "密码至少 10 个字符" in short.stderr
    assert Accounts(content_copy.parent / ".desk" / "accounts.json").names() == ["张三"]


def test_reviewers_pressing_at_once_land_one_change_and_refuse_the_stale_ones(content_copy):
    """Eight editors save the same phone differently from the same page; eight approvals arrive at
    once: exactly one lands, the others are refused (their file changed), the file stays valid."""
    import threading

    import yaml

    clients = [signed_in(content_copy) for _ in range(8)]
    pages = [c.get(SERVICE_URL).get_data(as_text=True) for c in clients]
    for i, (client, page) in enumerate(zip(clients, pages)):
        client.post(SERVICE_URL, data={"_csrf": hidden(page, "_csrf"), "_opened": hidden(page, "_opened"),
                                       "phone": f"022-2586985{i}"})
    drafts = sorted((content_copy.parent / ".desk" / "drafts").glob("*.json"))
    assert len(drafts) == 8
    ids = [json.loads(p.read_text("utf-8"))["id"] for p in drafts]
    review = clients[0].get("/review/").get_data(as_text=True)
    start = threading.Barrier(8)

    def approve(draft_id):
        start.wait()
        clients[0].post(f"/review/{draft_id}/approve", data={"_csrf": hidden(review, "_csrf")})

    threads = [threading.Thread(target=approve, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = [json.loads(p.read_text("utf-8"))["status"] for p in drafts]
    assert statuses.count("已通过") == 1 and statuses.count("待审核") == 7
    landed = yaml.safe_load((content_copy / SERVICE).read_text("utf-8"))["phone"]
    winner = next(json.loads(p.read_text("utf-8")) for p in drafts if json.loads(p.read_text("utf-8"))["status"] == "已通过")
    assert landed == winner["changes"]["phone"][1]


def test_a_file_broken_by_hand_is_named_not_a_traceback(content_copy):
    (content_copy / SERVICE).write_text("name: 失业保险金申领\nphone: [\n", "utf-8")
    client = signed_in(content_copy)
    response = client.get(SERVICE_URL)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "格式错误" in body and SERVICE in body and "第 3 行" in body
    assert client.get("/").status_code == 200  # the first screen still opens, the error listed there
    assert "shiye-baoxianjin-shenling.yml" in client.get("/").get_data(as_text=True)
