from gongkai.pages.presentation import scope_table_headers


def test_markdown_table_headers_get_scope():
    html = ('<table>\n<thead>\n<tr>\n<th>项目</th>\n<th style="text-align: right;">金额</th>\n</tr>\n</thead>\n'
            '<tbody>\n<tr>\n<td>a</td><td>1</td>\n</tr>\n</tbody>\n</table>')
    out = scope_table_headers(html)
    assert '<th scope="col">项目</th>' in out and '<th scope="col" style="text-align: right;">金额</th>' in out
    assert out.count("scope=") == 2 and "<td>a</td>" in out


def test_existing_scope_and_other_tags_are_kept():
    html = '<thead><tr><th scope="row">x</th><thead-like></thead-like></tr></thead><p><th>not in a head</th></p>'
    assert scope_table_headers(html) == html


# --- titles: never nested 书名号 (GB/T 15834-2011) ---------------------------------------------

from types import SimpleNamespace  # noqa: E402

from gongkai.pages.presentation import Row, book_title, link_text, metadata_lines  # noqa: E402


def test_book_title_wraps_plain_titles():
    assert book_title("关于示例事项的通知") == "《关于示例事项的通知》"


def test_book_title_turns_inner_marks_into_single_angle_brackets():
    assert (
        book_title("政策解读：《示例市促进中小企业发展若干措施》") == "《政策解读：〈示例市促进中小企业发展若干措施〉》"
    )
    assert book_title("关于废止《甲办法》和《乙规定》的决定") == "《关于废止〈甲办法〉和〈乙规定〉的决定》"


def test_book_title_keeps_a_title_that_is_one_book_title():
    assert book_title("《示例市档案管理条例》") == "《示例市档案管理条例》"
    assert book_title("《示例市〈档案〉条例》") == "《示例市〈档案〉条例》"
    # two book titles side by side are not one: wrapped, inner marks turned
    assert book_title("《甲》和《乙》") == "《〈甲〉和〈乙〉》"
    assert book_title("《未闭合") == "《〈未闭合》"


def test_link_text_never_nests_book_title_marks():
    doc = SimpleNamespace(title="政策解读：《关于示例事项的通知》", doc_no="示政办发〔2024〕3号")
    assert link_text(doc) == "《政策解读：〈关于示例事项的通知〉》（示政办发〔2024〕3号）"
    assert link_text(SimpleNamespace(title="《甲条例》", doc_no=None)) == "《甲条例》"
    for title in ("《a《b》c》", "x《y》", "《p》《q》", "》《"):
        text = link_text(SimpleNamespace(title=title, doc_no=None))
        depth = deepest = 0
        for ch in text:
            depth += {"《": 1, "》": -1}.get(ch, 0)
            deepest = max(deepest, depth)
        assert deepest <= 1, text


# --- the metadata block: two pairs a line, 标题 across ---------------------------------------

def rows(*keys):
    return [Row(k, f"v-{k}", k) for k in keys]


def test_metadata_lines_pair_rows_and_give_the_title_a_line():
    lines = metadata_lines(rows("index_no", "topic", "publisher", "written", "title", "doc_no", "published",
                                "effective", "status"))
    assert [[r.key for r in line] for line in lines] == [
        ["index_no", "topic"], ["publisher", "written"], ["title"], ["doc_no", "published"],
        ["effective", "status"]]


def test_metadata_lines_close_a_half_line_before_the_title_and_at_the_end():
    lines = metadata_lines(rows("index_no", "publisher", "written", "title", "published"))
    assert [[r.key for r in line] for line in lines] == [
        ["index_no", "publisher"], ["written"], ["title"], ["published"]]
    assert metadata_lines([]) == []
    assert [[r.key for r in line] for line in metadata_lines(rows("a", "b", "c"), per_line=1)] == [["a"], ["b"], ["c"]]


def test_metadata_lines_keep_every_row_in_order():
    keys = ["index_no", "topic", "publisher", "written", "title", "doc_no", "reg_no", "published", "updated",
            "effective", "expires", "repealed", "status", "doc_type"]
    for n in range(len(keys) + 1):
        subset = rows(*keys[:n])
        flat = [r for line in metadata_lines(subset) for r in line]
        assert flat == subset
        assert all(1 <= len(line) <= 2 for line in metadata_lines(subset))
