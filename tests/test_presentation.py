from gongkai.presentation import scope_table_headers


def test_markdown_table_headers_get_scope():
    html = ('<table>\n<thead>\n<tr>\n<th>项目</th>\n<th style="text-align: right;">金额</th>\n</tr>\n</thead>\n'
            '<tbody>\n<tr>\n<td>a</td><td>1</td>\n</tr>\n</tbody>\n</table>')
    out = scope_table_headers(html)
    assert '<th scope="col">项目</th>' in out and '<th scope="col" style="text-align: right;">金额</th>' in out
    assert out.count("scope=") == 2 and "<td>a</td>" in out


def test_existing_scope_and_other_tags_are_kept():
    html = '<thead><tr><th scope="row">x</th><thead-like></thead-like></tr></thead><p><th>not in a head</th></p>'
    assert scope_table_headers(html) == html
