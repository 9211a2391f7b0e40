import re

import pytest

from danvan.html import sanitize_html, text_to_html

from .xss_payloads import PAYLOADS

DANGEROUS = [
    re.compile(r"<\s*script", re.I),
    re.compile(r"\son\w+\s*=", re.I),
    re.compile(r"javascript:|vbscript:|data:text/html", re.I),
    re.compile(r"<\s*(style|link|meta|object|embed|form|input|base|svg|math|body|details|video|audio|marquee|template)\b", re.I),
    re.compile(r"srcdoc", re.I),
    re.compile(r"style=\"(?!text-align:[a-z]+\")", re.I),
    re.compile(r"<iframe(?![^>]*src=\"https://(www\.)?youtube)", re.I),
]


def test_corpus_is_large_enough():
    assert len(PAYLOADS) >= 40


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised(payload):
    cleaned = sanitize_html(payload)
    for pattern in DANGEROUS:
        assert not pattern.search(cleaned), (payload, cleaned)
    assert sanitize_html(cleaned) == cleaned  # stable: cleaning twice changes nothing


def test_editor_markup_survives():
    html = (
        '<h2 style="text-align:center">Tiêu đề</h2><p>Đoạn <strong>đậm</strong>, <em>nghiêng</em>, '
        '<a href="https://dangcongsan.vn/bai">liên kết</a>.</p><ul><li>một</li></ul><ol start="3"><li>ba</li></ol>'
        '<blockquote>Trích dẫn</blockquote><table><thead><tr><th scope="col">Cột</th></tr></thead>'
        '<tbody><tr><td colspan="2">Ô</td></tr></tbody></table>'
        '<figure><img src="/media/a.jpg" alt="Quang cảnh" width="800" height="600"><figcaption>Quang cảnh</figcaption></figure>'
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video"></iframe>'
    )
    cleaned = sanitize_html(html)
    for fragment in (
        '<h2 style="text-align:center">Tiêu đề</h2>',
        "<strong>đậm</strong>",
        '<a href="https://dangcongsan.vn/bai" rel="noopener noreferrer">liên kết</a>',
        '<ol start="3">',
        "<blockquote>Trích dẫn</blockquote>",
        '<th scope="col">Cột</th>',
        '<td colspan="2">Ô</td>',
        '<img src="/media/a.jpg" alt="Quang cảnh" width="800" height="600">',
        "<figcaption>Quang cảnh</figcaption>",
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video"></iframe>',
    ):
        assert fragment in cleaned


def test_hidden_style_is_dropped_but_text_kept():
    assert sanitize_html('<p style="display:none">nội dung</p>') == "<p>nội dung</p>"


def test_untrusted_frame_is_removed_entirely():
    assert sanitize_html('<p>a</p><iframe src="https://evil.example/"></iframe>') == "<p>a</p>"
    assert sanitize_html('<iframe src="http://www.youtube.com/embed/x"></iframe>') == ""  # plain http is not trusted


def test_body_is_sanitised_on_every_save(db):
    from articles.models import Article

    article = Article.objects.create(title="Bài", body="<p onclick=x>Ðảng</p><script>1</script>")
    assert article.body == "<p>Đảng</p>"
    article.body += '<a href="javascript:1">x</a>'
    article.save()
    assert Article.objects.get(pk=article.pk).body == '<p>Đảng</p><a rel="noopener noreferrer">x</a>'


def test_text_to_html_escapes():
    assert text_to_html("Dòng <b>1</b>\n\nĐoạn 2\ncòn tiếp") == "<p>Dòng &lt;b&gt;1&lt;/b&gt;</p><p>Đoạn 2<br>còn tiếp</p>"


def test_a_sanitized_body_is_not_cleaned_again_on_save_and_any_other_is(db):
    from articles.models import Article
    from danvan.html import SanitizedHTML, sanitized

    clean = sanitized('<p onclick="x()">Nội dung</p>')
    assert isinstance(clean, SanitizedHTML) and clean == "<p>Nội dung</p>"
    assert sanitized(clean) is clean
    article = Article.objects.create(title="Bài một", body=clean)
    assert type(article.body) is str and article.body == "<p>Nội dung</p>"
    # A plain string, even one that looks like the importer's, is always cleaned.
    article.body = "<p>Nội dung</p><script>alert(1)</script>"
    article.save()
    assert Article.objects.get(pk=article.pk).body == "<p>Nội dung</p>"


def test_video_players_survive_and_other_pages_of_their_sites_do_not():
    youtube = '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="560" height="314" allowfullscreen="allowfullscreen"></iframe>'
    facebook = (
        '<iframe src="https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fbdv%2Fvideos%2F1%2F'
        '&amp;show_text=false" width="560" height="314" title="Video Facebook"></iframe>'
    )
    assert sanitize_html(youtube) == youtube
    assert sanitize_html(facebook) == facebook
    assert (
        sanitize_html('<iframe src="https://player.vimeo.com/video/76979871"></iframe>')
        == '<iframe src="https://player.vimeo.com/video/76979871"></iframe>'
    )
    # The same hosts, but not a player: a channel page, Facebook's login, a look-alike host.
    assert sanitize_html('<iframe src="https://www.youtube.com/@kenh"></iframe>') == ""
    assert sanitize_html('<iframe src="https://www.facebook.com/login.php"></iframe>') == ""
    assert sanitize_html('<iframe src="https://www.facebook.com.evil.example/plugins/video.php"></iframe>') == ""
    assert sanitize_html('<iframe src="https://user@www.youtube.com/embed/x"></iframe>') == ""


def test_every_player_the_sanitiser_keeps_is_one_the_csp_frames():
    from django.conf import settings

    from danvan.embeds import PLAYERS

    frame_src = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
    assert sorted(frame_src[1:]) == sorted(f"https://{host}" for host in PLAYERS)


def test_a_link_opening_a_new_tab_keeps_its_target_with_noopener():
    assert sanitize_html('<p><a href="https://dangcongsan.vn/" target="_blank">Báo Đảng</a></p>') == (
        '<p><a href="https://dangcongsan.vn/" target="_blank" rel="noopener noreferrer">Báo Đảng</a></p>'
    )
    # Only a new tab: a named frame or the parent window is dropped, the link kept.
    assert sanitize_html('<a href="https://a.vn/" target="_parent">x</a>') == '<a href="https://a.vn/" rel="noopener noreferrer">x</a>'
    assert sanitize_html('<a href="https://a.vn/" target="khung">x</a>') == '<a href="https://a.vn/" rel="noopener noreferrer">x</a>'
