from conftest import doc_text

from gongkai import listing, vocab


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
    assert proactive[1:] == [{"法规文件": "proactive/regulations/index.md"}, {"财政预算决算": "proactive/budget/index.md"}]


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
