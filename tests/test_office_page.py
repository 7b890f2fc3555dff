"""An office page opens with where, when and whom; an office sets its own hotline (an office in
another city has its own 12345); a big imported list is grouped by its 实施机构 and folded, its
booklets after the services; publish-check refuses an office named by a file or saying nothing."""
import subprocess
import sys

from conftest import build_site, make_publishable

BODIES = ("区人社局", "区民政局", "区医疗保障局")


def add_big_list(content):
    """An imported county list: 72 services of three bodies, none matching a topic."""
    folder = content / "offices" / "guangan"
    folder.mkdir()
    (folder / "office.yml").write_text(
        "name: 广安市广安区政务服务中心\nshort_name: 广安区\nkind: 区县\ncity: 广安市\n"
        "address: 广安区金安大道二段1号\nhours: 周一至周五 9:00-17:00\n"
        "hotline:\n  label: 广安市12345政务服务便民热线\n  phone: '12345'\n", "utf-8")
    for n in range(72):
        (folder / f"shixiang-{n}.yml").write_text(
            f"id: shixiang-{n}\nname: 第{n}号测试许可事项\nnumber: '{n + 1}'\nimplementing_body: {BODIES[n % 3]}\n", "utf-8")


def test_office_pages_say_where_when_and_whom(project_copy, tmp_path):
    add_big_list(project_copy / "content")
    out = tmp_path / "site"
    run = build_site(project_copy, out)
    assert run.returncode == 0, run.stderr[-2000:]
    big = (out / "offices/guangan/index.html").read_text("utf-8")
    facts = big.split('class="sg-facts"')[1].split("</div>")[0]
    assert facts.index("办公地址") < facts.index("办公时间") < facts.index("咨询")
    assert "在地图上查看" in facts and "广安市12345政务服务便民热线" in facts and "天津市" not in facts
    # grouped by the body that handles them, in the list's order, each group folded with its count
    summaries = [part.split("</summary>")[0] for part in big.split("<summary>")[1:]]
    assert summaries == ["区人社局（24 项）", "区民政局（24 项）", "区医疗保障局（24 项）"]
    assert big.index("</details>") < big.index("打印全部办事须知")  # the booklets after the services
    # a service of that office names its own city's hotline, not the site's
    service = (out / "offices/guangan/shixiang-0/index.html").read_text("utf-8")
    assert "可拨打广安市12345政务服务便民热线" in service and "天津市12345" not in service
    # an office of the shipped site keeps its headings (a short list is read at a glance) and the site's hotline
    town = (out / "offices/yangjiabo/index.html").read_text("utf-8")
    assert "<details" not in town and "<h2" in town
    assert "本机构未公布咨询电话，可拨打天津市12345政务服务便民热线" in town


def publish_check(project):
    return subprocess.run([sys.executable, "-m", "generator", "publish-check"], capture_output=True, text=True, cwd=project)


def test_publish_check_refuses_an_office_named_by_its_file(project_copy):
    make_publishable(project_copy)
    folder = project_copy / "content/offices/guangan"
    folder.mkdir()
    (folder / "office.yml").write_text("name: guangan_qu_sczwfw_shixiang_mulu\nshort_name: guangan\nkind: 其他\n", "utf-8")
    (folder / "a.yml").write_text("id: a\nname: 测试事项\n", "utf-8")
    run = publish_check(project_copy)
    assert run.returncode == 1 and "机构名称“guangan_qu_sczwfw_shixiang_mulu”像是文件名" in run.stderr, run.stderr


def test_publish_check_refuses_offices_that_say_nothing_without_a_hotline(project_copy):
    config = make_publishable(project_copy)
    assert publish_check(project_copy).returncode == 0  # the site's hotline answers for both offices
    text = config.read_text("utf-8")
    config.write_text(text.replace('label: 天津市12345政务服务便民热线\n        phone: "12345"', 'label: ""\n        phone: ""'), "utf-8")
    run = publish_check(project_copy)
    assert run.returncode == 1
    assert "杨家泊镇党群服务中心没有公布办公地址、办公时间或咨询电话，网站也没有设置咨询热线" in run.stderr
    office = project_copy / "content/offices/yangjiabo/office.yml"
    office.write_text(office.read_text("utf-8").replace("phone: ''", "phone: 022-67259291"), "utf-8")
    assert "杨家泊镇党群服务中心没有公布" not in publish_check(project_copy).stderr
