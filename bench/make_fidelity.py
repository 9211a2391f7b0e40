# ruff: noqa: E501  (page templates: one line of HTML each)
"""Write the HTML fidelity pages (tests/importing/fidelity/): 11 layouts × 3 articles.

Run once by hand (``python bench/make_fidelity.py``); the pages and their sidecar JSON are
committed as plain files. Each layout copies the markup of a kind of CMS Vietnamese bodies
use, with its chrome (menus, today's date in the top bar, related lists, share bars,
comments, footers) and its traps (event dates in the text, a decree's signatory, an agency
in the dateline, "Tin nóng" tags). Expected values are written by hand in ARTICLES below.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "importing" / "fidelity"

MENU = ["Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Dân vận khéo", "Văn bản", "Liên hệ"]
RELATED = [
    "Hội nghị sơ kết công tác dân vận 6 tháng đầu năm",
    "Ra mắt mô hình dân vận khéo tại xã Tân Lập",
    "Đoàn công tác Ban Dân vận Trung ương thăm và làm việc tại tỉnh",
]
FOOTER = "Bản quyền thuộc Ban Dân vận Tỉnh ủy. Địa chỉ: số 12 đường Trần Phú, thành phố Phan Thiết"
SHARE = "Chia sẻ bài viết"
COMMENTS = "Ý kiến bạn đọc"

# title, date shown, expected ISO date, byline shown (how) , expected author, paragraphs, symbols, photo
ARTICLES = [
    dict(
        title="Ban Dân vận Tỉnh ủy triển khai Nghị quyết 25-NQ/TW về công tác dân vận trong tình hình mới",
        paragraphs=[
            "(ĐCSVN) - Sáng nay, Ban Dân vận Tỉnh ủy tổ chức hội nghị quán triệt, triển khai Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương Đảng khóa XI về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới.",
            "Ngày 14/7/2018, Ban Thường vụ Tỉnh ủy đã ban hành Kế hoạch số 112-KH/TU thực hiện Nghị quyết; đến nay, 100% chi bộ đã tổ chức học tập, quán triệt đầy đủ nội dung nghị quyết đến cán bộ, đảng viên.",
            "Phát biểu chỉ đạo hội nghị, đồng chí Trưởng ban Dân vận Tỉnh ủy đề nghị các cấp ủy tiếp tục thực hiện tốt Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW của Bộ Chính trị về giám sát, phản biện xã hội.",
        ],
        symbols=["25-NQ/TW", "112-KH/TU", "217-QĐ/TW", "218-QĐ/TW"],
    ),
    dict(
        title="Xã Hàm Thạnh xây dựng mô hình “Dân vận khéo” trong phát triển kinh tế",
        paragraphs=[
            "Thực hiện Kế hoạch số 45-KH/BDVTU của Ban Dân vận Tỉnh ủy, những năm qua, xã Hàm Thạnh đã vận động nhân dân hiến hơn 12.000 m² đất làm đường giao thông nông thôn, góp phần hoàn thành các tiêu chí nông thôn mới.",
            "Theo ông Nguyễn Văn Bảy, Chủ tịch Ủy ban Mặt trận Tổ quốc xã, điều quan trọng nhất là cán bộ phải gần dân, hiểu dân và nói dân hiểu; mọi việc đều được bàn bạc công khai tại các buổi họp thôn.",
            "Ngày 20/10/2019, xã tổ chức tổng kết mô hình và khen thưởng 15 tập thể, 32 cá nhân có thành tích xuất sắc trong phong trào thi đua dân vận khéo.",
        ],
        symbols=["45-KH/BDVTU"],
    ),
    dict(
        title="Hội nghị giao ban công tác dân vận khối các cơ quan nhà nước quý I năm 2019",
        paragraphs=[
            "Chiều 28/3, Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh tổ chức hội nghị giao ban công tác dân vận của chính quyền quý I năm 2019.",
            "Các đại biểu đã thảo luận về kết quả thực hiện Quyết định số 2765/QĐ-UBND của Ủy ban nhân dân tỉnh và Nghị định 04/2015/NĐ-CP của Chính phủ về thực hiện dân chủ trong hoạt động của cơ quan hành chính nhà nước.",
            "Trong quý I, các cơ quan đã tiếp 1.245 lượt công dân, giải quyết dứt điểm 96% đơn thư thuộc thẩm quyền; không để phát sinh điểm nóng.",
        ],
        symbols=["2765/QĐ-UBND", "04/2015/NĐ-CP"],
        table=[
            ["Đơn vị", "Lượt tiếp công dân", "Tỷ lệ giải quyết"],
            ["Sở Tài nguyên và Môi trường", "412", "95%"],
            ["Sở Xây dựng", "233", "97%"],
        ],
    ),
    dict(
        title="Mặt trận Tổ quốc tỉnh giám sát việc thực hiện chính sách bảo hiểm y tế",
        paragraphs=[
            "Thực hiện Quyết định số 217-QĐ/TW của Bộ Chính trị, Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh đã thành lập đoàn giám sát việc thực hiện chính sách bảo hiểm y tế tại ba huyện miền núi.",
            "Qua giám sát, đoàn ghi nhận tỷ lệ bao phủ bảo hiểm y tế toàn tỉnh đạt 91,2%, tuy nhiên vẫn còn tình trạng người dân chưa được cấp thẻ kịp thời do sai sót thông tin.",
            "Đoàn đề nghị Bảo hiểm xã hội tỉnh phối hợp chặt chẽ với chính quyền cơ sở, rà soát dữ liệu, bảo đảm quyền lợi của người tham gia theo đúng Luật số 46/2014/QH13.",
        ],
        symbols=["217-QĐ/TW", "46/2014/QH13"],
    ),
    dict(
        title="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với công tác dân vận",
        paragraphs=[
            "Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, các cơ quan trong Khối đã đưa nội dung học tập và làm theo Bác vào sinh hoạt chi bộ hằng tháng.",
            "Nhiều tập thể, cá nhân có cách làm sáng tạo, gần dân, được nhân dân tin tưởng, như mô hình “Tổ tự quản an ninh trật tự” tại khu phố 3.",
            "Kết luận số 01-KL/TW ngày 18/5/2021 tiếp tục khẳng định yêu cầu nêu gương của cán bộ, đảng viên, trước hết là người đứng đầu.",
        ],
        symbols=["05-CT/TW", "01-KL/TW"],
    ),
    dict(
        title="Quyết định ban hành Quy chế làm việc của Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở",
        paragraphs=[
            "Ban Thường vụ Huyện ủy ban hành Quyết định số 40-QĐ/HU về Quy chế làm việc của Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở huyện nhiệm kỳ 2020 - 2025.",
            "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở huyện.",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký; các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành.",
        ],
        symbols=["40-QĐ/HU"],
        signature=["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Lê Văn Ký"],
    ),
]

# (date as the page prints it, the date expected) — every form of EXAMPLES in the issue.
DATES = [
    ("Ngày đăng: 05/03/2018", "2018-03-05"),
    ("Cập nhật lúc 08:30 12/03/2019", "2019-03-12"),
    ("Thời gian: 20/10/2019 15:45", "2019-10-20"),
    ("Xuất bản 14/03/2019", "2019-03-14"),
    ("Thứ Hai, 05/03/2018", "2018-03-05"),
    ("5 Tháng 3 2018", "2018-03-05"),
    ("ngày 12 tháng 3 năm 2019", "2019-03-12"),
    ("08:30 05/03/2018", "2018-03-05"),
    ("05/03/2018 08:30", "2018-03-05"),
    ("12/03/2019 | Lượt xem: 1234", "2019-03-12"),
    ("Thứ Năm, 14/03/2019, 10:15 (GMT+7)", "2019-03-14"),
    ("Cập nhật: 08h30 ngày 28/03/2019", "2019-03-28"),
    ("Thứ Ba, ngày 02 tháng 4 năm 2019", "2019-04-02"),
    ("19/05/2021 - 07:12", "2021-05-19"),
    ("Ngày xuất bản: 2019-03-12", "2019-03-12"),
    ("Đăng lúc: 8:30 SA, 12/03/2019", "2019-03-12"),
]
AUTHORS = ["Nguyễn Thị Nga", "Trần Minh Hoàng", "Lê Thu Hà", "Phạm Anh Thiện", "Hoàng Văn Long", "Đỗ Thanh Tâm", "Vũ Ngọc Lan", "T.H"]
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a730000001649444154789c633c2127c7c0c0c0c4c0c0c0c0c000000d0401087d71ca660000000049454e44ae426082"
)  # a 2×2 PNG


def _table(rows):
    head, *rest = rows
    cells = "".join(f"<th>{c}</th>" for c in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rest)
    return f'<table class="table" border="1"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>'


def _paragraphs(article, photo_html, *, signature_style="center"):
    paragraphs = [f"<p>{p}</p>" for p in article["paragraphs"]]
    paragraphs.insert(1, photo_html)
    if "table" in article:
        paragraphs.insert(3, _table(article["table"]))
    if "signature" in article:
        paragraphs += [f'<p style="text-align:{signature_style}"><strong>{line}</strong></p>' for line in article["signature"]]
    return "\n".join(paragraphs)


def _related(tag="ul", header="Tin liên quan"):
    items = "".join(f'<li><a href="/tin-tuc/{i}.html">{t}</a> <span>(2 ngày trước)</span></li>' for i, t in enumerate(RELATED))
    return f'<div class="related-news"><h3>{header}</h3><{tag}>{items}</{tag}></div>'


def _menu(cls="menu"):
    return f'<ul class="{cls}">' + "".join(f'<li><a href="#">{m}</a></li>' for m in MENU) + "</ul>"


def page(layout, n, article, date, author, photo):
    """One page's HTML in ``layout``; ``photo`` is (src, caption with credit)."""
    src, caption = photo
    title = article["title"]
    by_end = f'<p style="text-align:right"><strong>{author}</strong></p>' if author else ""
    if layout == "portal":  # Cổng thông tin điện tử: the portal product many provinces run
        photo_html = (
            f'<table class="image" align="center"><tr><td><img src="{src}"></td></tr><tr><td class="image_desc">{caption}</td></tr></table>'
        )
        return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - Cổng thông tin điện tử Ban Dân vận</title>
<link rel="canonical" href="https://danvan.binhthuan.gov.vn/tin-tuc/bai-{n}.html"></head><body>
<div class="top-bar"><span class="current-date">Thứ Ba, 01/12/2026</span> <a href="#">Đăng nhập</a></div>
<div class="header"><h1 class="logo"><a href="/">BAN DÂN VẬN TỈNH ỦY BÌNH THUẬN</a></h1></div>{_menu("main-menu")}
<div class="col-left"><div class="box-hot"><h3>Tin nóng</h3><ul><li>{RELATED[0]}</li></ul></div></div>
<div class="col-main"><div class="news-detail"><h1 class="title-news">{title}</h1>
<div class="date-news">{date}</div><div class="sapo"><p>{article["paragraphs"][0]}</p></div>
<div class="content-detail">{_paragraphs(dict(article, paragraphs=article["paragraphs"][1:]), photo_html)}{by_end}</div>
<div class="tool-bar"><a href="#">In bài</a> <a href="#">Gửi email</a> <a href="#">{SHARE}</a></div>
{_related("ul", "Các tin khác")}</div></div><div class="footer"><p>{FOOTER}</p></div></body></html>"""
    if layout == "newspaper":  # WordPress, Newspaper theme (tagDiv)
        photo_html = f'<figure class="wp-caption aligncenter"><img src="{src}" alt=""><figcaption class="wp-caption-text">{caption}</figcaption></figure>'
        return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="UTF-8"><title>{title} | Dân vận Lâm Đồng</title>
<meta property="og:url" content="https://danvanlamdong.vn/{n}/bai-viet-{n}/"><meta property="article:published_time" content="2001-01-01T00:00:00+07:00"></head><body>
<div class="td-header-wrap"><div class="td-header-top-menu"><span class="td_data_time">Thứ Ba, Tháng Mười Hai 1, 2026</span></div>{_menu("td-header-menu")}</div>
<div class="td-main-content"><article class="post type-post"><div class="td-post-header"><ul class="td-category"><li><a>Tin nổi bật</a></li></ul>
<header class="td-post-title"><h1 class="entry-title">{title}</h1><div class="td-module-meta-info">
<div class="td-post-author-name"><div class="td-author-by">Bởi</div> <a href="/author/a">{author}</a></div>
<span class="td-post-date"><time class="entry-date updated td-module-date">{date}</time></span></div></header></div>
<div class="td-post-sharing-top"><a>Facebook</a><a>Twitter</a><a>Zalo</a></div>
<div class="td-post-content tagdiv-type">{_paragraphs(article, photo_html)}</div>
<div class="td-post-source-tags"><ul class="td-tags"><li><span>TAGS</span></li><li><a>dân vận</a></li></ul></div>
<div class="td-post-sharing-bottom"><span>{SHARE}</span></div></article>
<div class="td_block_related_posts">{_related("div", "BÀI VIẾT LIÊN QUAN")}</div>
<div class="comments" id="comments"><h4>{COMMENTS}</h4><p>Bài viết rất hay, cảm ơn tác giả.</p></div></div>
<div class="td-footer-wrapper"><p>{FOOTER}</p></div></body></html>"""
    if layout == "jnews":  # WordPress, JNews theme
        photo_html = f'<p><img class="aligncenter" src="{src}"></p><p style="text-align:center"><em>{caption}</em></p>'
        return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><title>{title}</title></head><body>
<div class="jeg_header">{_menu("jeg_menu")}<div class="jeg_top_date">Thứ Ba, 01/12/2026</div></div>
<div class="jeg_main"><div class="jeg_inner_content"><div class="entry-header"><div class="jeg_meta_category"><a>Dân vận khéo</a></div>
<h1 class="jeg_post_title">{title}</h1><div class="jeg_meta_container"><div class="jeg_post_meta">
<div class="jeg_meta_author"><span class="meta_text">Bởi</span> <a href="#">{author}</a></div><div class="jeg_meta_date"><a>{date}</a></div></div></div></div>
<div class="jeg_share_top_container"><div class="jeg_share_button">Facebook Twitter</div></div>
<div class="entry-content no-share"><div class="content-inner">{_paragraphs(article, photo_html)}</div></div>
<div class="jnews_related_post_container">{_related("div", "Bài viết liên quan")}</div>
<div class="jnews_comment_container">{COMMENTS}</div></div></div><div class="jeg_footer"><p>{FOOTER}</p></div></body></html>"""
    if layout == "liferay":  # Liferay portal: a web content portlet
        photo_html = f'<p style="text-align:center"><img src="{src}"></p><p class="caption" style="text-align:center">{caption}</p>'
        return f"""<!DOCTYPE html><html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type"><title>{title} - Cổng thông tin</title></head><body>
<div id="wrapper"><header id="banner">{_menu("nav navbar-nav")}<div class="ngay-hien-tai">Hôm nay: Thứ Ba, 01/12/2026</div></header>
<div id="content"><div class="portlet-boundary portlet-asset-publisher"><div class="portlet-body"><div class="asset-full-content">
<div class="asset-title-detail"><h3 class="header-title"><span>{title}</span></h3></div><div class="asset-metadata"><span class="metadata-entry metadata-publish-date">{date}</span></div>
<div class="journal-content-article">{_paragraphs(article, photo_html)}{by_end}</div>
<div class="taglib-social-bookmarks">{SHARE}</div><div class="asset-ratings">Đánh giá</div></div></div></div>
<div class="portlet-boundary portlet-asset-publisher tin-khac">{_related("ul", "Tin khác")}</div></div>
<footer id="footer"><p>{FOOTER}</p></footer></div></body></html>"""
    if layout == "joomla":  # Joomla 3 article view; "Viết bởi Super User" is the account, not the author
        photo_html = f'<p><img src="{src}" alt="{caption}"></p><p><em>{caption}</em></p>'
        return f"""<!DOCTYPE html><html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"><title>{title}</title></head><body>
<div class="navigation">{_menu("nav menu")}</div><div id="content"><div class="item-page" itemscope itemtype="https://schema.org/Article">
<div class="page-header"><h2 itemprop="headline">{title}</h2></div><dl class="article-info muted"><dd class="createdby">Viết bởi <span>Super User</span></dd>
<dd class="published"><span class="icon-calendar"></span> {date}</dd><dd class="hits">Lượt xem: 231</dd></dl>
<div itemprop="articleBody">{_paragraphs(article, photo_html)}{by_end}</div>
<ul class="pager pagenav"><li class="previous"><a>Trước</a></li><li class="next"><a>Tiếp theo</a></li></ul></div></div>
<div class="moduletable">{_related("ul", "Tin mới")}</div><div id="footer"><p>{FOOTER}</p></div></body></html>"""
    if layout == "dnn":  # DotNetNuke news module: the title is a span, the content a "Normal" div
        photo_html = f'<div style="text-align:center"><img src="{src}"><br><i>{caption}</i></div>'
        return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title><meta property="og:title" content="{title}"></head><body>
<form id="Form"><div id="dnn_dnnMENU">{_menu("dnnmenu")}</div></form><div id="dnn_ContentPane">
<div class="DnnModule DnnModule-NewsArticles"><div id="dnn_ctr412_ContentPane"><div class="ViewNews">
<span id="dnn_ctr412_ViewNews_lblTitle" class="NewsTitle">{title}</span><br>
<span id="dnn_ctr412_ViewNews_lblDate" class="NormalDate">{date}</span>
<div id="dnn_ctr412_ViewNews_pnlContent" class="Normal">{_paragraphs(article, photo_html)}{by_end}</div></div></div></div>
<div class="DnnModule"><div class="OtherNews">{_related("ul", "Các tin đã đưa")}</div></div></div><div class="dnnFooter"><p>{FOOTER}</p></div></body></html>"""
    if layout == "drupal":  # Drupal 8 node page
        photo_html = f'<div class="field--name-field-image"><figure><img src="{src}"><figcaption>{caption}</figcaption></figure></div>'
        return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} | Ban Dân vận</title><link rel="canonical" href="https://bandanvan.example.vn/node/{n}"></head><body>
<header role="banner"><nav role="navigation">{_menu("menu menu--main")}</nav></header><div class="breadcrumb"><a>Trang chủ</a> » <a>Tin tức</a> » <a>Hoạt động</a></div>
<main role="main"><h1 class="page-title"><span class="field--name-title">{title}</span></h1><article role="article" class="node node--type-article">
<div class="node__meta"><span class="field--name-uid">admin</span> <span class="field--name-created">{date}</span></div>
<div class="node__content"><div class="clearfix text-formatted field field--name-body field--type-text-with-summary">{_paragraphs(article, photo_html)}{by_end}</div>
<div class="field--name-field-tags"><div class="field__label">Từ khóa</div><a>dân vận</a></div></div>
<section class="comment-wrapper"><h2>{COMMENTS}</h2></section></article></main>
<aside class="layout-sidebar-second">{_related("ul", "Tin cùng chuyên mục")}</aside><footer role="contentinfo"><p>{FOOTER}</p></footer></body></html>"""
    if layout == "static":  # a static site generator (Hugo/Jekyll): an <article> and nothing else to go by
        photo_html = f'<p><img src="{src}" alt=""></p><p><em>{caption}</em></p>'
        return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head><body>
<nav class="site-nav">{_menu("site-nav")}</nav><main><article class="post"><header class="post-header"><h1 class="post-title">{title}</h1>
<p class="post-meta">{date}</p></header><div class="post-body">{_paragraphs(article, photo_html)}<p>Tác giả: {author}</p></div></article>
<div class="pagination"><a>« Bài trước</a> <a>Bài sau »</a></div></main><footer class="site-footer"><p>{FOOTER}</p></footer></body></html>"""
    if layout == "party":  # an old party-committee site in tables, left menu, the date above the title, no charset
        photo_html = f'<p align="center"><img src="{src}"></p><p align="center"><i>{caption}</i></p>'
        menu = "".join(f'<tr><td class="menuitem"><a href="#">{m}</a></td></tr>' for m in ["Tin Nóng", "Dân Vận Khéo", *MENU])
        return f"""<html><head><title>Ban Dan van Huyen uy</title></head><body><table width="980"><tr><td colspan="2"><img src="images/banner.jpg"></td></tr>
<tr><td width="200" valign="top"><table class="leftmenu">{menu}</table></td><td valign="top" class="noidung">
<div class="ngaydang">{date}</div><h1 class="tieude">{title}</h1>{_paragraphs(article, photo_html)}{by_end}
<div class="tinkhac"><b>Các tin khác:</b><br>{"<br>".join(RELATED)}</div></td></tr>
<tr><td colspan="2" class="footer">{FOOTER}</td></tr></table></body></html>"""
    if layout == "print":  # a portal's print view: the print date is not the publication date
        photo_html = f'<p style="text-align:center"><img src="{src}"></p><p style="text-align:center"><em>{caption}</em></p>'
        return f"""<html><head><meta charset="utf-8"><title>In bài viết</title></head><body onload="window.print()">
<div class="print-header">BAN DÂN VẬN TỈNH ỦY - In ngày 01/12/2026</div><div class="print-content"><h2 class="print-title">{title}</h2>
<p class="print-date">{date}</p>{_paragraphs(article, photo_html)}{by_end}</div>
<div class="print-footer"><a href="javascript:window.close()">Đóng cửa sổ</a> <a href="javascript:window.print()">In trang này</a></div></body></html>"""
    if layout == "wget":  # a wget --mirror of a provincial portal: host folder first, no canonical
        photo_html = f'<p style="text-align:center"><img src="{src}"></p><p style="text-align:center"><em>{caption}</em></p>'
        return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div id="header">{_menu("menu-top")}</div><div class="ContentDetail"><div class="ArticleHeader"><h1 class="ArticleTitle">{title}</h1><div class="ArticleDate">{date}</div></div>
<div class="ArticleContent">{_paragraphs(article, photo_html)}{by_end}</div><div class="share-box">{SHARE}: Facebook Zalo</div></div>
<div class="box-other">{_related("ul", "Xem thêm")}</div><div id="footer">{FOOTER}</div></body></html>"""
    raise ValueError(layout)


LAYOUTS = ["portal", "newspaper", "jnews", "liferay", "joomla", "dnn", "drupal", "static", "party", "print", "wget"]


def _cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese sites wrote it: base letters with combining tone marks."""
    import unicodedata

    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            for mark in parts[1:]:  # "ậ" = a + dot below + circumflex → "â" + dot below
                base = unicodedata.normalize("NFC", parts[0] + mark)
                if len(base) == 1:
                    try:
                        out += (base + parts[1:].replace(mark, "", 1)).encode("cp1258")
                        break
                    except UnicodeEncodeError:
                        continue
            else:
                out += parts.encode("cp1258")
    return bytes(out)


def main() -> None:
    number = 0
    for layout_index, layout in enumerate(LAYOUTS):
        folder = OUT / layout
        images = folder / ("www.danvan.example.vn/images" if layout == "wget" else "images")
        images.mkdir(parents=True, exist_ok=True)
        for k in range(3):
            number += 1
            article = ARTICLES[(layout_index + k) % len(ARTICLES)]
            date, expected_date = DATES[(layout_index * 3 + k) % len(DATES)]
            author = "" if "signature" in article else AUTHORS[(layout_index + 2 * k) % len(AUTHORS)]
            name = f"bai-{number}"
            missing = k == 2
            src = f"images/anh-{number}.png" if layout != "wget" else f"../images/anh-{number}.png"
            if not missing:
                (images / f"anh-{number}.png").write_bytes(PNG)
            caption = f"Quang cảnh hội nghị tại trụ sở số {number}. Ảnh: {AUTHORS[number % len(AUTHORS)]}"
            html = page(layout, number, article, date, author, (src, caption))
            target = folder / ("www.danvan.example.vn/tin-tuc" if layout == "wget" else "") / f"{name}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_cp1258(html) if layout == "party" else html.encode("utf-8"))
            expected = {
                "layout": layout,
                "title": article["title"],
                "date": expected_date,
                "author": author,
                "symbols": article["symbols"],
                "boilerplate": [*MENU, *RELATED, FOOTER, SHARE, COMMENTS, "Tin nóng", "Super User"],
                "photos": 1,
                "missing_photos": int(missing),
            }
            if layout == "wget":
                expected["source_url"] = f"http://www.danvan.example.vn/tin-tuc/{name}.html"
            target.with_suffix(".json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
