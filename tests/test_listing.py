from conftest import doc_text
from gongkai.core import urls, vocab
from gongkai.pages import listing


def test_paginate():
    assert listing.paginate([], 20) == [[]]
    assert [len(p) for p in listing.paginate(list(range(45)), 20)] == [20, 20, 5]


def test_nav_has_the_four_parts_in_order_and_only_used_subcolumns(column_of):
    column = column_of({"proactive/budget/a.md": doc_text(1), "proactive/regulations/b.md": doc_text(2)})
    nav = listing.nav(column)
    labels = [next(iter(item)) for item in nav]
    assert labels[1:5] == [p.label for p in vocab.PARTS]
    proactive = nav[3]["法定主动公开内容"]
    # taxonomy order, not file order; empty sub-columns are not shown
    assert proactive[1:] == [
        {"法规文件": "proactive/regulations/index.md"},
        {"财政预算决算": "proactive/budget/index.md"},
    ]


def test_lists_are_newest_first_and_paginated(column_of):
    files = {f"proactive/budget/d{i:02d}.md": doc_text(i + 1, published=f"2024-01-{i + 1:02d}") for i in range(25)}
    column = column_of(files)
    pages = [p for p in listing.generated_pages(column) if p.subcolumn == "budget" and p.kind == "list"]
    assert [p.src for p in pages] == ["proactive/budget/index.md", "proactive/budget/page-2.md"]
    assert [p.url for p in pages] == ["proactive/budget/", "proactive/budget/page-2/"]
    assert pages[0].documents[0].src == "proactive/budget/d24.md"
    assert len(pages[0].documents) == 20 and len(pages[1].documents) == 5
    assert pages[1].title == "财政预算决算（第2页，共2页）" and pages[1].number == 2
    assert pages[0].sibling_urls == ["proactive/budget/", "proactive/budget/page-2/"]


def test_same_day_order_is_stable(column_of):
    column = column_of({"system/b.md": doc_text(1), "system/a.md": doc_text(2)})
    assert [d.src for d in column.in_part("system")] == ["system/a.md", "system/b.md"]  # higher 索引号 first


def test_parts_and_subcolumns_are_the_newest_first_list_filtered(column_of):
    files = {f"proactive/{sub}/d{i:02d}.md": doc_text(i + 1, published=f"2024-0{i % 9 + 1}-{i % 28 + 1:02d}")
             for i, sub in enumerate(["budget", "regulations", "budget", "statistics"] * 4)}
    files["system/s.md"] = doc_text(40)
    column = column_of(files)
    newest = column.newest_first()
    for part in ("system", "proactive", "guide", "annual-reports"):
        assert column.in_part(part) == [d for d in newest if d.part == part]
    for sub in ("budget", "regulations", "statistics", "procurement"):
        assert column.in_subcolumn(sub) == [d for d in newest if d.subcolumn == sub]
    assert column.in_subcolumn("budget") and not column.in_subcolumn("procurement")
    assert column.newest_update(newest) == max(column.updated_of(d) for d in newest)
    assert column.newest_update([]) is None


def test_catalogue_lists_everything(column_of):
    column = column_of({"system/a.md": doc_text(1), "proactive/budget/b.md": doc_text(2)})
    [catalogue] = [p for p in listing.generated_pages(column) if p.src == listing.CATALOGUE]
    assert {d.src for d in catalogue.documents} == {"guide/index.md", "system/a.md", "proactive/budget/b.md"}


def test_each_shown_subcolumn_has_its_own_catalogue(column_of):
    column = column_of({"proactive/budget/a.md": doc_text(1), "proactive/budget/b.md": doc_text(2),
                        "proactive/fees/c.md": doc_text(3), "system/d.md": doc_text(4)})
    catalogues = {p.src: p for p in listing.generated_pages(column) if p.kind == "catalogue" and p.subcolumn}
    assert sorted(catalogues) == ["proactive/budget/catalogue.md", "proactive/fees/catalogue.md"]  # none for empty ones
    budget = catalogues["proactive/budget/catalogue.md"]
    assert [d.src for d in budget.documents] == ["proactive/budget/b.md", "proactive/budget/a.md"]  # newest first
    assert budget.title == "财政预算决算目录" and budget.url == "proactive/budget/catalogue/"


# --- 当前位置 --------------------------------------------------------------------------------

def crumbs(column, src, title="本页"):
    return [(c.label, c.url) for c in listing.breadcrumb(column, src, title)]


def test_breadcrumb_of_a_document_in_a_subcolumn(column_of):
    column = column_of({"proactive/budget/a.md": doc_text(1)})
    assert crumbs(column, "proactive/budget/a.md", "关于示例事项的通知") == [
        ("政府信息公开", ""), ("法定主动公开内容", "proactive/"), ("财政预算决算", "proactive/budget/"),
        ("关于示例事项的通知", None)]


def test_breadcrumb_of_parts_lists_and_generated_pages(column_of):
    files = {f"proactive/regulations/d{i:02d}.md": doc_text(i + 1, doc_type="行政规范性文件") for i in range(21)}
    files["system/s.md"] = doc_text(40)
    column = column_of(files)
    assert crumbs(column, "index.md") == []  # the landing page has none
    assert crumbs(column, "guide/index.md", "政府信息公开指南") == [("政府信息公开", ""), ("政府信息公开指南", None)]
    assert crumbs(column, "system/index.md", "政府信息公开制度") == [("政府信息公开", ""), ("政府信息公开制度", None)]
    assert crumbs(column, "system/s.md", "制度") == [
        ("政府信息公开", ""),
        ("政府信息公开制度", "system/"),
        ("制度", None),
    ]
    assert crumbs(column, "proactive/index.md", "法定主动公开内容") == [
        ("政府信息公开", ""),
        ("法定主动公开内容", None),
    ]
    assert crumbs(column, "proactive/regulations/index.md", "法规文件") == [
        ("政府信息公开", ""), ("法定主动公开内容", "proactive/"), ("法规文件", None)]
    # a later page of a list: the list, then the page number
    assert crumbs(column, "proactive/regulations/page-2.md", "法规文件（第2页，共2页）") == [
        ("政府信息公开", ""),
        ("法定主动公开内容", "proactive/"),
        ("法规文件", "proactive/regulations/"),
        ("第2页", None),
    ]
    assert crumbs(column, listing.IN_FORCE_LIST, "现行有效的规章和行政规范性文件") == [
        ("政府信息公开", ""), ("法定主动公开内容", "proactive/"), ("法规文件", "proactive/regulations/"),
        ("现行有效的规章和行政规范性文件", None)]
    assert crumbs(column, "proactive/regulations/catalogue.md", "法规文件目录")[-2:] == [
        ("法规文件", "proactive/regulations/"), ("法规文件目录", None)]
    assert crumbs(column, listing.CATALOGUE, "政府信息公开目录") == [("政府信息公开", ""), ("政府信息公开目录", None)]
    assert crumbs(column, listing.SEARCH, "搜索政府信息公开") == [("政府信息公开", ""), ("搜索政府信息公开", None)]


def test_breadcrumb_links_lead_to_pages_the_build_makes(column_of):
    column = column_of({"proactive/budget/a.md": doc_text(1), "annual-reports/2024.md": doc_text(2),
                        "system/s.md": doc_text(3)})
    made = {urls.page_url(p.src) for p in listing.generated_pages(column)} | {"", "guide/"}
    for src in [d.src for d in column.documents] + [p.src for p in listing.generated_pages(column)]:
        trail = listing.breadcrumb(column, src, "本页")
        assert trail[0].label == "政府信息公开" and trail[-1].url is None
        assert all(c.url in made for c in trail[:-1]), (src, trail)
