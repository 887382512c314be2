import shutil

import pytest

from conftest import ROOT
from gongkai.core.problems import ContentError
from gongkai.core.siteconfig import index_no_regex, load_site_config


def copy_config(tmp_path):
    dest = tmp_path / "site_config"
    shutil.copytree(ROOT / "site_config", dest)
    return dest


def test_sample_config(site):
    assert site.name == "示例市人民政府办公室" and site.level == "department"
    assert [s.key for s in site.subcolumns][:3] == ["regulations", "organization", "planning"]
    assert len(site.subcolumns) == 15 and "综合政务\\政务公开" in site.topics
    assert site.format_index_no(2024, 7) == "11379900004123456X/2024-00007"


def test_index_no_regex():
    rx = index_no_regex("{org_code}/{yyyy}-{seq:05d}", "ABC")
    assert rx.fullmatch("ABC/2021-00465")["seq"] == "00465"
    assert not rx.fullmatch("ABC/2021-465") and not rx.fullmatch("XYZ/2021-00465")


@pytest.mark.parametrize("key, label", [("address", "办公地址"), ("fax", "传真号码"), ("online", "互联网联系方式")])
def test_missing_contact_item_fails(tmp_path, key, label):
    config = copy_config(tmp_path)
    text = (config / "site.yml").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith(f"{key}:"))
    (config / "site.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_site_config(config)
    assert label in str(exc.value) and f"contact.{key}" in str(exc.value)


def test_bad_level_and_missing_name(tmp_path):
    config = copy_config(tmp_path)
    text = (config / "site.yml").read_text(encoding="utf-8").replace("level: department", "level: city")
    text = text.replace("name: 示例市人民政府办公室", "")
    (config / "site.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_site_config(config)
    assert "city" in str(exc.value) and "缺少必填项 name" in str(exc.value)


def test_missing_file_and_bad_yaml(tmp_path):
    config = copy_config(tmp_path)
    (config / "taxonomy.yml").unlink()
    (config / "site.yml").write_text("name: [x\n", encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_site_config(config)
    text = str(exc.value)
    assert "site_config/taxonomy.yml" in text and "文件不存在" in text and "site_config/site.yml:" in text


def test_bad_subcolumn_key(tmp_path):
    config = copy_config(tmp_path)
    path = config / "taxonomy.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  budget:", "  Budget Folder:"), encoding="utf-8")
    with pytest.raises(ContentError, match="Budget Folder"):
        load_site_config(config)


@pytest.mark.parametrize(
    "pattern, text",
    [("{org_code}/{yy}-{seq:05d}", "{yy}"), ("{org_code}/{yyyy}-{seq:5d}", "{seq:5d}"), ("{org_code}/{yyyy}", "{seq}")],
)
def test_bad_index_no_pattern_is_an_error_not_a_traceback(tmp_path, pattern, text):
    config = copy_config(tmp_path)
    path = config / "site.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('"{org_code}/{yyyy}-{seq:05d}"', f'"{pattern}"'),
                    encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_site_config(config)
    assert "index_no_pattern" in str(exc.value) and text in str(exc.value)
