# ruff: noqa: E501  (page markup: long lines of HTML)
"""Write the held-out HTML fidelity pages (tests/importing/fidelity_heldout/).

Written on 2026-12-02 by a helper who had not read the importer's rules (importing/), in
layouts that tests/importing/fidelity/ does not have: a provincial portal on a VNPT-style
portal product, a ministry portal in SharePoint, a government newspaper, a Đảng bộ site on
Blogger, an old ASP.NET WebForms site in tables (one page in undeclared Windows-1258, one
declaring ISO-8859-1 with Vietnamese as character references), WordPress Flatsome with
Gutenberg blocks, a Bootstrap 5 theme with schema.org JSON-LD, an AMP page and a mobile
``m.`` site. Expected values are written by hand next to each page.

Run once by hand (``python bench/make_fidelity_heldout.py``); the pages are committed.
Since the importer was then fixed against them, they are tuned-on now too: the next
held-out check should be written fresh.
"""

from __future__ import annotations

import json
import shutil
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_fidelity import PNG, _cp1258  # noqa: E402

OUT = ROOT / "tests" / "importing" / "fidelity_heldout"

PAGES: list[dict] = []


def add(layout, name, html, *, title, date, author, symbols, boilerplate, photos, missing, files=(), encoding="utf-8"):
    PAGES.append(
        dict(layout=layout, name=name, html=html, files=files, encoding=encoding,
             expected=dict(layout=layout, title=title, date=date, author=author, symbols=symbols,
                           boilerplate=boilerplate, photos=photos, missing_photos=missing))
    )


# ---------------------------------------------------------------- vnpt (provincial portal product)
VNPT_MENU = ["Giới thiệu chung", "Tin tức - Sự kiện", "Chỉ đạo điều hành", "Thủ tục hành chính", "Công dân", "Doanh nghiệp", "Du khách"]
VNPT_RELATED = [
    "UBND tỉnh họp phiên thường kỳ tháng 2",
    "Tỉnh tổ chức Lễ ra quân Tháng Thanh niên năm 2019",
    "Khai mạc Hội chợ thương mại vùng Tây Nguyên",
]
VNPT_FOOTER = "CỔNG THÔNG TIN ĐIỆN TỬ TỈNH ĐẮK NÔNG. Cơ quan chủ quản: Ủy ban nhân dân tỉnh Đắk Nông"
VNPT_FOOTER2 = "Ghi rõ nguồn \"Cổng Thông tin điện tử tỉnh Đắk Nông\" khi phát hành lại thông tin từ website này"


def vnpt(title, meta, body, tail):
    menu = "".join(f'<li class="menu-item"><a href="/{i}">{m}</a></li>' for i, m in enumerate(VNPT_MENU))
    related = "".join(f'<li><a href="/tin-tuc/{i}.html">{r}</a><span class="date">(08/03/2019)</span></li>' for i, r in enumerate(VNPT_RELATED))
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title} - Cổng thông tin điện tử tỉnh Đắk Nông</title>
<meta property="og:title" content="{title}"><meta property="og:url" content="https://daknong.gov.vn/tin-tuc-su-kien/{zlib.crc32(title.encode()) % 100000}.html">
<link href="/Portal/Themes/DakNong/css/style.css" rel="stylesheet"></head>
<body><form method="post" action="./Default.aspx" id="aspnetForm">
<div class="portal-header"><img src="/Portal/Themes/DakNong/images/banner.jpg" alt="Cổng thông tin điện tử tỉnh Đắk Nông">
<div class="header-date">Thứ tư, ngày 02/12/2026</div><div class="search"><input type="text" placeholder="Tìm kiếm..."></div></div>
<ul class="portal-menu">{menu}</ul>
<div class="marquee"><span class="hot">TIN NÓNG</span> <a href="#">Tỉnh tổ chức Lễ ra quân Tháng Thanh niên năm 2019</a></div>
<div class="portlet-left"><div class="portlet-title">Liên kết website</div><select><option>Chính phủ</option><option>Bộ Nội vụ</option></select>
<div class="portlet-title">Thống kê truy cập</div><div>Đang truy cập: 125</div><div>Tổng lượt truy cập: 12.345.678</div></div>
<div class="portlet-main"><div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="#">Tin tức - Sự kiện</a> &gt; <a href="#">Chính trị</a></div>
<div class="ArticleDetail">{meta}
{body}
{tail}
<div class="ArticleTool"><a href="#" class="print">In trang</a> | <a href="#">Gửi bài viết</a> | <a href="#">Lưu bài viết</a> | <span>Chia sẻ:</span> <a href="#"><img src="/Portal/images/fb.png"></a> <a href="#"><img src="/Portal/images/zalo.png"></a></div>
</div>
<div class="OtherNews"><div class="title">Các tin đã đưa</div><ul>{related}</ul></div></div>
<div class="portal-footer"><p>{VNPT_FOOTER}</p><p>Chịu trách nhiệm chính: Chánh Văn phòng UBND tỉnh. Điện thoại: 0261.3544.360</p><p>{VNPT_FOOTER2}</p></div>
</form></body></html>
"""


VNPT_BP = [*VNPT_MENU, *VNPT_RELATED, VNPT_FOOTER, VNPT_FOOTER2, "In trang", "Gửi bài viết", "Lưu bài viết", "Liên kết website", "Thống kê truy cập", "TIN NÓNG"]

t = "Ban Dân vận Tỉnh ủy sơ kết 5 năm thực hiện Kết luận 114-KL/TW về công tác dân vận của cơ quan nhà nước"
add("vnpt", "tin-1", vnpt(t,
    f'<h1 class="ArticleTitle">{t}</h1><div class="ArticleDate">Cập nhật lúc 08:30, Thứ Tư, 13/03/2019</div><div class="ArticleView">Lượt xem: 1.245</div>',
    """<div class="ArticleHeader"><p><strong>Sáng 12/3, Ban Dân vận Tỉnh ủy tổ chức hội nghị sơ kết 5 năm thực hiện Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư về nâng cao chất lượng, hiệu quả công tác dân vận của cơ quan nhà nước, chính quyền các cấp.</strong></p></div>
<div class="ArticleContent"><p>Theo báo cáo, thực hiện Kết luận, Ban Thường vụ Tỉnh ủy đã ban hành Kế hoạch số 120/KH-BDVTU và chỉ đạo các cấp ủy cụ thể hóa thành chương trình hành động. Trong 5 năm, các cơ quan nhà nước đã tiếp 12.450 lượt công dân, giải quyết dứt điểm 96% đơn thư thuộc thẩm quyền.</p>
<p style="text-align:center"><img src="/Uploads/images/2019/3/13/so-ket-114.jpg" alt="" width="600"></p>
<p style="text-align:center"><em>Đồng chí Phó Bí thư Thường trực Tỉnh ủy phát biểu tại hội nghị</em></p>
<p>Hội nghị đề ra nhiệm vụ đến năm 2020, trong đó tiếp tục thực hiện Quyết định số 1940/QĐ-UBND của UBND tỉnh về quy chế công tác dân vận của chính quyền các cấp; dự kiến ngày 25/5/2019 sẽ tổ chức hội thảo chuyên đề về dân vận chính quyền.</p></div>""",
    '<div class="ArticleAuthor" style="text-align:right"><strong>Tin, ảnh: Hoàng Yến</strong></div>'),
    title=t, date="2019-03-13", author="Hoàng Yến", symbols=["114-KL/TW", "120/KH-BDVTU", "1940/QĐ-UBND"], boilerplate=VNPT_BP, photos=1, missing=0,
    files=["Uploads/images/2019/3/13/so-ket-114.jpg"])

t = "Hội nghị biểu dương điển hình “Dân vận khéo” giai đoạn 2016 - 2020"
add("vnpt", "tin-2", vnpt(t,
    f'<div class="ArticleDate">Thứ Sáu, 23/10/2020 | 15:47 &nbsp; <span class="view">Lượt xem: 872</span></div><h1 class="ArticleTitle">{t}</h1>',
    """<div class="ArticleHeader"><p>Chiều 22/10, Ban Dân vận Tỉnh ủy phối hợp với Ủy ban MTTQ Việt Nam tỉnh tổ chức hội nghị biểu dương điển hình “Dân vận khéo” giai đoạn 2016 - 2020.</p></div>
<div class="ArticleContent"><p>Phong trào thi đua “Dân vận khéo” được triển khai theo Hướng dẫn số 27-HD/BDVTW của Ban Dân vận Trung ương và Chỉ thị số 16 - CT/TU của Ban Thường vụ Tỉnh ủy. Qua 5 năm, toàn tỉnh đã xây dựng 1.236 mô hình, điển hình “Dân vận khéo” trên các lĩnh vực.</p>
<table class="tblImage" align="center"><tbody><tr><td><img src="/Uploads/images/2020/10/23/bieu-duong.jpg"></td></tr><tr><td class="caption">Lãnh đạo tỉnh trao Bằng khen cho các tập thể, cá nhân (Ảnh: Minh Quân)</td></tr></tbody></table>
<p>Tại hội nghị, 45 tập thể và 60 cá nhân được Chủ tịch UBND tỉnh tặng Bằng khen.</p>
<p style="text-align:right"><strong>PV</strong></p></div>""",
    ""),
    title=t, date="2020-10-23", author="PV", symbols=["27-HD/BDVTW", "16-CT/TU"], boilerplate=VNPT_BP, photos=1, missing=1)

# ---------------------------------------------------------------- sharepoint (ministry portal)
SP_MENU = ["Giới thiệu", "Tin tức - Sự kiện", "Văn bản quy phạm pháp luật", "Cải cách hành chính", "Thanh tra - Kiểm tra", "Hỏi đáp"]
SP_RELATED = ["Bộ Nội vụ tổng kết công tác năm 2020", "Hội nghị trực tuyến toàn quốc về cải cách hành chính", "Tăng cường kỷ luật, kỷ cương hành chính"]
SP_FOOTER = "Bản quyền thuộc Bộ Nội vụ. Địa chỉ: Số 8 Tôn Thất Thuyết, Nam Từ Liêm, Hà Nội"


def sharepoint(title, meta, body, tail):
    menu = "".join(f'<li class="static"><a class="static menu-item" href="/Pages/m{i}.aspx"><span class="menu-item-text">{m}</span></a></li>' for i, m in enumerate(SP_MENU))
    related = "".join(f'<div class="item"><a href="/Pages/r{i}.aspx">{r}</a> <span class="date">(15/12/2020)</span></div>' for i, r in enumerate(SP_RELATED))
    return f"""<!DOCTYPE html>
<html dir="ltr" lang="vi-VN"><head><meta http-equiv="X-UA-Compatible" content="IE=10"><meta http-equiv="Content-type" content="text/html; charset=utf-8">
<title>
	{title}
</title>
<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=abc">
<script type="text/javascript">var _spPageContextInfo = {{webServerRelativeUrl: "\\u002f", webLanguage: 1066}};</script></head>
<body><div id="ms-designer-ribbon"><div id="s4-ribbonrow"></div></div>
<form method="post" action="./chi-tiet.aspx?ItemID=1234" id="aspnetForm">
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x1A2B3C,02 Dec 2026 10:00:00 -0000">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUBMA9kFgJmD2QWAgIBD2QWBAIBD2QWAgIBDxYCHgRUZXh0BQ">
<div id="s4-workspace"><div id="s4-bodyContainer">
<div class="header"><a href="/"><img src="/PublishingImages/logo.png" alt="Bộ Nội vụ"></a><span class="top-date">Thứ tư, 02/12/2026</span></div>
<div class="ms-core-listMenu-horizontalBox"><ul class="root static">{menu}</ul></div>
<div id="DeltaPlaceHolderMain"><div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="#">Tin tức - Sự kiện</a></div>
<div class="ms-webpart-zone"><div class="news-detail">{meta}
<div class="ms-rtestate-field">{body}</div>
{tail}</div>
<div class="news-tools"><a href="#">Bản in</a> <a href="#">Gửi email</a> <a href="#">Chia sẻ</a> <span class="fb-like">Thích 12</span></div>
<div class="other-news"><h4>Tin cùng chuyên mục</h4>{related}</div></div></div>
<div class="footer"><p>{SP_FOOTER}</p><p>Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></div>
</div></div></form></body></html>
"""


SP_BP = [*SP_MENU, *SP_RELATED, SP_FOOTER, "Bản in", "Tin cùng chuyên mục", "Ghi rõ nguồn khi phát hành lại thông tin từ website này."]

t = "Bộ Nội vụ triển khai Nghị định số 04/2015/NĐ-CP về thực hiện dân chủ trong hoạt động của cơ quan hành chính nhà nước"
add("sharepoint", "chi-tiet-1", sharepoint(t,
    f'<h2 class="news-title">{t}</h2><div class="news-date">Thời gian: 15:30 | 21/12/2020</div>',
    """<p><strong>(Moha.gov.vn) - Ngày 20/12, tại Hà Nội, Bộ Nội vụ tổ chức hội nghị triển khai Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ về thực hiện dân chủ trong hoạt động của cơ quan hành chính nhà nước và đơn vị sự nghiệp công lập.</strong></p>
<p>Thứ trưởng Bộ Nội vụ nhấn mạnh, việc thực hiện dân chủ phải gắn với Chỉ thị số 30-CT/TW của Bộ Chính trị về xây dựng và thực hiện quy chế dân chủ ở cơ sở. Các đơn vị rà soát lại quy chế theo Thông tư số 01/2016/TT-BNV.</p>
<div class="ms-rtestate-read ms-rte-wpbox"><img alt="" src="/PublishingImages/2020/hoi-nghi-nd04.jpg" style="margin:5px;width:600px;"><p class="ms-rteCustom-Caption">Quang cảnh hội nghị. Ảnh: Trung tâm Thông tin</p></div>
<p>Đến nay, 100% cơ quan, đơn vị thuộc Bộ đã ban hành quy chế thực hiện dân chủ.</p>""",
    '<div class="news-source" style="text-align:right"><strong>Trung tâm Thông tin</strong></div>'),
    title=t, date="2020-12-21", author="Trung tâm Thông tin", symbols=["04/2015/NĐ-CP", "30-CT/TW", "01/2016/TT-BNV"], boilerplate=SP_BP, photos=1, missing=0,
    files=["PublishingImages/2020/hoi-nghi-nd04.jpg"])

t = "Thủ tướng ban hành Quyết định phê duyệt Đề án nâng cao chất lượng công tác dân vận chính quyền"
add("sharepoint", "chi-tiet-2", sharepoint(t,
    f'<h2 class="news-title">{t}</h2><div class="news-date">Xuất bản: 10:05 AM 05/01/2021</div>',
    """<p><strong>(Chinhphu.vn) - Thủ tướng Chính phủ vừa ký Quyết định số 23/QĐ-TTg phê duyệt Đề án nâng cao chất lượng, hiệu quả công tác dân vận của cơ quan nhà nước giai đoạn 2021 - 2025.</strong></p>
<p>Đề án nhằm cụ thể hóa Nghị quyết số 25-NQ/TW và Quyết định số 290-QĐ/TW về Quy chế công tác dân vận của hệ thống chính trị. Mục tiêu đến ngày 31/12/2025, 100% cơ quan hành chính công khai thủ tục theo quy định.</p>
<p>Bộ Nội vụ chủ trì, phối hợp với các bộ, ngành hướng dẫn thực hiện Đề án.</p>
<p style="text-align:right"><strong>KT. THỦ TƯỚNG<br>PHÓ THỦ TƯỚNG<br>Trương Hòa Bình</strong></p>""",
    '<p class="news-source" style="text-align:right"><em>Theo Cổng TTĐT Chính phủ</em></p>'),
    title=t, date="2021-01-05", author="", symbols=["23/QĐ-TTg", "25-NQ/TW", "290-QĐ/TW"], boilerplate=SP_BP, photos=0, missing=0)

# ---------------------------------------------------------------- baochinhphu (government newspaper)
BCP_MENU = ["Chính trị", "Kinh tế", "Văn hóa", "Xã hội", "Pháp luật", "Quốc tế", "Multimedia"]
BCP_RELATED = ["Thủ tướng chủ trì phiên họp Chính phủ thường kỳ", "Chính phủ ban hành Nghị quyết về phục hồi kinh tế", "Phó Thủ tướng làm việc với tỉnh Cà Mau"]
BCP_FOOTER = "BÁO ĐIỆN TỬ CHÍNH PHỦ NƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM. Tổng Biên tập: Nguyễn Hồng Sâm"


def bcp(title, meta, body, tail):
    menu = "".join(f'<li><a href="/{i}.htm" title="{m}">{m}</a></li>' for i, m in enumerate(BCP_MENU))
    related = "".join(f'<div class="box-stream-item"><a class="box-stream-link-title" href="/r{i}.htm">{r}</a></div>' for i, r in enumerate(BCP_RELATED))
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="UTF-8"><title>{title}</title>
<meta name="description" content="{title}"><meta property="og:title" content="{title}">
<meta property="article:published_time" content="">
<link rel="canonical" href="https://baochinhphu.vn/{zlib.crc32(title.encode()) % 1000000}.htm"></head>
<body><div class="header"><a class="logo" href="/"><img src="/images/logo-bcp.png" alt="Báo điện tử Chính phủ"></a><div class="header__date">Thứ Tư, 02/12/2026</div></div>
<nav class="menu"><ul>{menu}</ul></nav>
<div class="trending"><span>Xu hướng:</span> <a href="#">#Kinh tế số</a> <a href="#">#Chuyển đổi số</a></div>
<div class="detail__content-wrap"><div class="detail-cate"><a href="#">Chính trị</a></div>
{meta}
<div class="detail-content afcbc-body" data-role="content">{body}</div>
{tail}
<div class="detail__share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Zalo</a> <a href="#">Copy link</a></div>
<div class="detail__tag"><span>Từ khóa:</span> <a href="#">dân vận</a> <a href="#">Mặt trận</a></div>
<div class="box-stream"><h3 class="box-stream-title">Tin liên quan</h3>{related}</div></div>
<footer><p>{BCP_FOOTER}</p><p>Cơ quan chủ quản: Văn phòng Chính phủ</p></footer></body></html>
"""


BCP_BP = [*BCP_MENU, *BCP_RELATED, BCP_FOOTER, "Xu hướng:", "#Kinh tế số", "Từ khóa:", "Copy link", "Cơ quan chủ quản: Văn phòng Chính phủ"]

t = "Mặt trận Tổ quốc các cấp đẩy mạnh giám sát, phản biện xã hội theo Quyết định 217-QĐ/TW"
add("baochinhphu", "bai-1", bcp(t,
    f'<h1 class="detail-title article-title" data-role="title">{t}</h1><div class="detail-author"><span class="detail-author-name">Thu Giang</span></div><div class="detail-time"><div data-role="publishdate">Thứ Năm, 16/01/2020 10:45 (GMT+7)</div></div><h2 class="detail-sapo" data-role="sapo">(Chinhphu.vn) - Ngày 15/1, Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam tổ chức hội nghị tổng kết công tác giám sát và phản biện xã hội năm 2019.</h2>',
    """<p>Theo báo cáo, năm 2019, MTTQ các cấp đã chủ trì giám sát 18.540 cuộc theo Quyết định số 217-QĐ/TW của Bộ Chính trị và Quyết định số 218 - QĐ/TW về việc MTTQ, các đoàn thể chính trị - xã hội và nhân dân tham gia góp ý xây dựng Đảng, xây dựng chính quyền.</p>
<figure class="VCSortableInPreviewMode" type="Photo"><div><img src="https://baochinhphu.vn/Uploaded/2020_01_16/mttq-hoi-nghi.jpg" alt="Quang cảnh hội nghị"></div><figcaption class="PhotoCMS_Caption"><p>Quang cảnh hội nghị. Ảnh: VGP/Nhật Bắc</p></figcaption></figure>
<p>Năm 2020, MTTQ tiếp tục thực hiện Nghị quyết liên tịch số 403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN quy định chi tiết các hình thức giám sát, phản biện xã hội của MTTQ Việt Nam. Hội nghị đại biểu toàn quốc MTTQ dự kiến diễn ra ngày 18 tháng 8 năm 2020.</p>""",
    ""),
    title=t, date="2020-01-16", author="Thu Giang", symbols=["217-QĐ/TW", "218-QĐ/TW", "403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN"], boilerplate=BCP_BP, photos=1, missing=0,
    files=["Uploaded/2020_01_16/mttq-hoi-nghi.jpg"])

t = "Ban hành Nghị định sửa đổi quy định về tổ chức các cơ quan chuyên môn thuộc UBND cấp tỉnh"
add("baochinhphu", "bai-2", bcp(t,
    f'<h1 class="detail-title article-title" data-role="title">{t}</h1><div class="detail-time"><div data-role="publishdate">04/03/2021 16:20</div></div><h2 class="detail-sapo" data-role="sapo">(Chinhphu.vn) – Chính phủ vừa ban hành Nghị định số 107/2020/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số 24/2014/NĐ-CP quy định tổ chức các cơ quan chuyên môn thuộc UBND tỉnh, thành phố trực thuộc Trung ương.</h2>',
    """<p>Nghị định nêu rõ, Sở Nội vụ tham mưu, giúp UBND cấp tỉnh quản lý nhà nước về tổ chức bộ máy; vị trí việc làm; công tác dân vận chính quyền.</p>
<p>Nghị định có hiệu lực thi hành kể từ ngày 01 tháng 5 năm 2021.</p>
<p style="text-align:right"><b>TM. CHÍNH PHỦ<br>THỦ TƯỚNG<br>Nguyễn Xuân Phúc</b></p>
<p style="text-align:right"><b>Hải Minh</b></p>""",
    ""),
    title=t, date="2021-03-04", author="Hải Minh", symbols=["107/2020/NĐ-CP", "24/2014/NĐ-CP"], boilerplate=BCP_BP, photos=0, missing=0)

# ---------------------------------------------------------------- blogspot (Đảng bộ site on Blogger)
BS_SIDEBAR = ["Giới thiệu Đảng bộ", "Văn bản của Đảng ủy", "Gương điển hình"]
BS_FOOTER = "Đảng bộ xã Hòa Thắng. Chủ đề Simple. Được tạo bởi Blogger."


def blogspot(title, date_header, body, footer, labels):
    return f"""<!DOCTYPE html>
<html class='v2' dir='ltr' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b'><head>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/><meta content='blogger' name='generator'/>
<title>Đảng bộ xã Hòa Thắng: {title}</title>
<link href='https://dangbohoathang.blogspot.com/2018/03/{zlib.crc32(title.encode()) % 10000}.html' rel='canonical'/>
<meta content='https://dangbohoathang.blogspot.com/2018/03/{zlib.crc32(title.encode()) % 10000}.html' property='og:url'/></head>
<body><div class='navbar section' id='navbar'><div class='widget Navbar'></div></div>
<div class='header-outer'><div class='Header'><h1 class='title'><a href='https://dangbohoathang.blogspot.com/'>Đảng bộ xã Hòa Thắng</a></h1><p class='description'><span>Trang thông tin của Đảng bộ xã Hòa Thắng, huyện Bắc Bình</span></p></div></div>
<div class='tabs-outer'><div class='widget PageList'><ul><li><a href='/'>Trang chủ</a></li>{''.join(f"<li><a href='/p/{i}.html'>{s}</a></li>" for i, s in enumerate(BS_SIDEBAR))}</ul></div></div>
<div class='main-outer'><div class='date-outer'>
<h2 class='date-header'><span>{date_header}</span></h2>
<div class='date-posts'><div class='post-outer'><div class='post hentry' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<a name='1234567890'></a>
<h3 class='post-title entry-title' itemprop='name'>
{title}
</h3>
<div class='post-header'><div class='post-header-line-1'></div></div>
<div class='post-body entry-content' id='post-body-1234567890' itemprop='description articleBody'>
{body}
<div style='clear: both;'></div></div>
<div class='post-footer'><div class='post-footer-line post-footer-line-1'>{footer}
<span class='post-comment-link'><a class='comment-link' href='#comments'>Không có nhận xét nào:</a></span>
<div class='post-share-buttons'><a class='share-button sb-email' href='#'><span class='share-button-link-text'>Gửi email bài đăng này</span></a><a class='share-button sb-blog' href='#'><span class='share-button-link-text'>BlogThis!</span></a><a class='share-button sb-facebook' href='#'><span class='share-button-link-text'>Chia sẻ lên Facebook</span></a></div></div>
<div class='post-footer-line post-footer-line-2'><span class='post-labels'>Nhãn: {labels}</span></div></div>
</div></div></div></div>
<div class='blog-pager' id='blog-pager'><a class='blog-pager-newer-link' href='#'>Bài đăng Mới hơn</a> <a class='blog-pager-older-link' href='#'>Bài đăng Cũ hơn</a> <a class='home-link' href='/'>Trang chủ</a></div>
<div class='comments' id='comments'><h4>Không có nhận xét nào:</h4><p class='comment-footer'>Đăng nhận xét</p></div></div>
<div class='sidebar-outer'><div class='widget BlogArchive'><h2>Lưu trữ Blog</h2><ul><li><a href='#'>▼ 2018 (24)</a><ul><li><a href='#'>tháng 3 2018 (6)</a></li><li><a href='#'>tháng 2 2018 (9)</a></li></ul></li></ul></div>
<div class='widget Label'><h2>Chuyên mục</h2><ul><li><a href='#'>Tin tức</a> (40)</li><li><a href='#'>Dân vận khéo</a> (12)</li></ul></div>
<div class='widget PopularPosts'><h2>Bài đăng phổ biến</h2><ul><li><a href='#'>Đại hội Chi bộ thôn 3 nhiệm kỳ 2017 - 2020</a></li></ul></div></div>
<div class='footer-outer'><div class='widget Attribution'>{BS_FOOTER}</div></div></body></html>
"""


BS_BP = [*BS_SIDEBAR, BS_FOOTER, "Không có nhận xét nào:", "Gửi email bài đăng này", "BlogThis!", "Chia sẻ lên Facebook", "Bài đăng Mới hơn", "Bài đăng Cũ hơn", "Lưu trữ Blog", "Bài đăng phổ biến", "Đại hội Chi bộ thôn 3 nhiệm kỳ 2017 - 2020", "Đăng nhận xét", "Trang thông tin của Đảng bộ xã Hòa Thắng, huyện Bắc Bình"]

t = "Đảng bộ xã Hòa Thắng học tập, quán triệt Chỉ thị 05-CT/TW"
add("blogspot", "2018-03-hoc-tap", blogspot(t, "Thứ Hai, 5 tháng 3, 2018",
    """Sáng ngày 3/3/2018, Đảng ủy xã Hòa Thắng tổ chức hội nghị học tập, quán triệt Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh cho hơn 150 cán bộ, đảng viên.<br /><br />
<div class="separator" style="clear: both; text-align: center;"><a href="https://blogger.googleusercontent.com/img/b/R29vZ2xl/s1600/hoc-tap-ct05.jpg" style="margin-left: 1em; margin-right: 1em;"><img border="0" data-original-height="480" data-original-width="640" height="300" src="https://blogger.googleusercontent.com/img/b/R29vZ2xl/s400/hoc-tap-ct05.jpg" width="400" /></a></div>
<table align="center" cellpadding="0" cellspacing="0" class="tr-caption-container" style="margin-left: auto; margin-right: auto;"><tbody><tr><td style="text-align: center;"><a href="https://blogger.googleusercontent.com/img/b/R29vZ2xl/s1600/quang-canh.jpg"><img border="0" src="https://blogger.googleusercontent.com/img/b/R29vZ2xl/s400/quang-canh.jpg" /></a></td></tr><tr><td class="tr-caption" style="text-align: center;">Quang cảnh hội nghị</td></tr></tbody></table>
Tại hội nghị, đồng chí Bí thư Đảng ủy xã quán triệt chuyên đề năm 2018 và Kế hoạch số 12-KH/ĐU của Đảng ủy xã về thực hiện Chỉ thị trong năm.<br /><br />
<div style="text-align: right;"><b>Trần Quốc Việt</b></div>""",
    "<span class='post-author vcard'>Đăng bởi <span class='fn' itemprop='author'>Đảng bộ Hòa Thắng</span></span> <span class='post-timestamp'>lúc <a class='timestamp-link' href='#'><abbr class='published' itemprop='datePublished' title='2018-03-05T08:15:00+07:00'>08:15</abbr></a></span>",
    "<a href='#' rel='tag'>Tin tức</a>, <a href='#' rel='tag'>Học tập và làm theo Bác</a>"),
    title=t, date="2018-03-05", author="Trần Quốc Việt", symbols=["05-CT/TW", "12-KH/ĐU"], boilerplate=BS_BP, photos=2, missing=2)

t = "Chi bộ thôn 2 ra mắt mô hình “Dân vận khéo” trong xây dựng nông thôn mới"
add("blogspot", "2018-03-ra-mat", blogspot(t, "Thứ Sáu, 16 tháng 3, 2018",
    """<div style="text-align: justify;">Ngày 14/3, Chi bộ thôn 2 phối hợp với Ban Công tác Mặt trận thôn ra mắt mô hình “Dân vận khéo” trong xây dựng nông thôn mới, thực hiện Quyết định số 1600/QĐ-TTg của Thủ tướng Chính phủ về Chương trình mục tiêu quốc gia xây dựng nông thôn mới.</div>
<div style="text-align: justify;"><br /></div>
<div style="text-align: justify;">Mô hình huy động nhân dân hiến 2.400 m² đất, đóng góp hơn 300 ngày công làm đường giao thông nông thôn.</div>
<div style="text-align: justify;"><br /></div>
<div style="text-align: right;"><i>Nguồn: Báo Bình Thuận</i></div>""",
    "<span class='post-author vcard'></span> <span class='post-timestamp'></span>",
    "<a href='#' rel='tag'>Dân vận khéo</a>"),
    title=t, date="2018-03-16", author="", symbols=["1600/QĐ-TTg"], boilerplate=BS_BP, photos=0, missing=0)

# ---------------------------------------------------------------- webforms (old ASP.NET site in tables)
WF_MENU = ["TRANG CHỦ", "GIỚI THIỆU", "TIN HOẠT ĐỘNG", "VĂN BẢN CHỈ ĐẠO", "THƯ VIỆN ẢNH", "LIÊN HỆ"]
WF_FOOTER = "Ban Dân vận Huyện ủy Hàm Thuận Bắc - Điện thoại: 062.3865.123 - Email: bdvhu@binhthuan.gov.vn"
WF_OTHER = ["Hội nghị giao ban công tác dân vận quý I", "Tập huấn nghiệp vụ công tác dân vận năm 2012"]


def webforms(title, meta, body, head=""):
    menu = "".join(f'<td class="menu"><a href="Default.aspx?tabid={i}">{m}</a></td>' for i, m in enumerate(WF_MENU))
    other = "".join(f'<tr><td class="other"><img src="images/bullet.gif"> <a href="NewsDetail.aspx?id={i}">{o}</a> <span class="gray">(12/04/2012)</span></td></tr>' for i, o in enumerate(WF_OTHER))
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<HTML><HEAD><TITLE>:: Ban Dân vận Huyện ủy Hàm Thuận Bắc ::</TITLE>{head}
<LINK href="Styles/Style.css" type="text/css" rel="stylesheet"></HEAD>
<BODY leftMargin="0" topMargin="0"><form name="Form1" method="post" action="NewsDetail.aspx?id=152" id="Form1">
<input type="hidden" name="__EVENTTARGET" value="" /><input type="hidden" name="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" value="dDwtMTI3OTMzNDM4NDt0PDtsPGk8MT47PjtsPHQ8O2w8aTwxPjs+O2w8dDw7bDxpPDA+Oz47bDx0PHA8cDxsPFRleHQ7PjtsPFRpbiB0deG7qWM7Pj47Pjs7Pjs+Pjs+Pjs+Pjs+" />
<TABLE width="980" align="center" border="0" cellpadding="0" cellspacing="0">
<TR><TD colspan="2"><IMG src="images/banner.jpg" width="980" height="150"></TD></TR>
<TR><TD colspan="2"><TABLE width="100%"><TR>{menu}</TR></TABLE></TD></TR>
<TR><TD width="200" valign="top" class="left"><TABLE><TR><TD class="lefttitle">TIN MỚI</TD></TR><TR><TD><marquee direction="up"><a href="#">Hội nghị giao ban công tác dân vận quý I</a></marquee></TD></TR>
<TR><TD class="lefttitle">LIÊN KẾT</TD></TR><TR><TD><a href="http://dangcongsan.vn">Báo Đảng Cộng sản</a></TD></TR>
<TR><TD>Số lượt truy cập: <span id="lblCounter">0045123</span></TD></TR></TABLE></TD>
<TD width="780" valign="top"><TABLE width="100%" cellpadding="5">
{meta}
<TR><TD class="content"><span id="ctl00_ContentPlaceHolder1_lblContent">{body}</span></TD></TR>
<TR><TD align="right"><a href="javascript:window.print()">[In trang]</a> <a href="#top">[Về đầu trang]</a> <a href="javascript:history.back()">[Quay lại]</a></TD></TR>
<TR><TD class="othertitle">CÁC TIN KHÁC:</TD></TR>{other}
</TABLE></TD></TR>
<TR><TD colspan="2" class="footer" align="center">{WF_FOOTER}<br>Thiết kế bởi Trung tâm CNTT</TD></TR>
</TABLE></form></BODY></HTML>
"""


WF_BP = [*WF_MENU, WF_FOOTER, *WF_OTHER, "[In trang]", "[Về đầu trang]", "[Quay lại]", "CÁC TIN KHÁC:", "TIN MỚI", "LIÊN KẾT", "Báo Đảng Cộng sản", "Thiết kế bởi Trung tâm CNTT"]

t = "Huyện ủy tổng kết 10 năm thực hiện Nghị quyết Trung ương 7 khóa X về giai cấp công nhân"
add("webforms", "NewsDetail-152", webforms(t,
    f'<TR><TD class="title"><span id="ctl00_ContentPlaceHolder1_lblTitle">{t}</span></TD></TR><TR><TD class="date"><span id="ctl00_ContentPlaceHolder1_lblDate">Ngày đăng: 12/04/2012 08:42:15 AM</span></TD></TR>',
    """<b>Ngày 10 tháng 4 năm 2012, Ban Thường vụ Huyện ủy tổ chức hội nghị tổng kết 10 năm thực hiện Nghị quyết số 20-NQ/TW của Hội nghị Trung ương 7 khóa X về tiếp tục xây dựng giai cấp công nhân Việt Nam thời kỳ đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước.</b><br><br>
Kết quả thực hiện qua các năm:<br>
<table border="1" cellpadding="3" cellspacing="0" width="90%" align="center"><tr><td><b>Năm</b></td><td><b>Số công nhân được kết nạp Đảng</b></td><td><b>Số tổ chức công đoàn thành lập mới</b></td></tr><tr><td>2009</td><td>45</td><td>6</td></tr><tr><td>2010</td><td>52</td><td>8</td></tr><tr><td>2011</td><td>61</td><td>9</td></tr></table><br>
Hội nghị thống nhất tiếp tục thực hiện Chương trình hành động số 35 - CTr/HU của Huyện ủy.<br><br>
<div align="right"><b>Minh Tuấn - Ban Dân vận Huyện ủy</b></div>"""),
    title=t, date="2012-04-12", author="Minh Tuấn", symbols=["20-NQ/TW", "35-CTr/HU"], boilerplate=WF_BP, photos=0, missing=0, encoding="cp1258")


def entities(html: str) -> str:
    return "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in html)


t = "Khối dân vận huyện ký kết chương trình phối hợp giai đoạn 2012 - 2015"
add("webforms", "NewsDetail-160", webforms(t,
    f'<TR><TD class="date" align="left"><span id="ctl00_ContentPlaceHolder1_lblDate">Thứ sáu, ngày 18 tháng 5 năm 2012</span></TD></TR><TR><TD class="title"><span id="ctl00_ContentPlaceHolder1_lblTitle">{t}</span></TD></TR>',
    """Sáng 17/5, Ban Dân vận Huyện ủy, Ủy ban MTTQ huyện và các đoàn thể ký kết chương trình phối hợp thực hiện Quyết định số 290-QĐ/TW ngày 25/02/2010 của Bộ Chính trị ban hành Quy chế công tác dân vận của hệ thống chính trị.<br><br>
<div align="center"><img src="upload/news/2012/ky-ket.jpg" width="400"><br><i>Các đơn vị ký kết chương trình phối hợp. Ảnh: Thanh Hà</i></div><br>
Theo chương trình, các bên thống nhất tổ chức giao ban định kỳ hằng quý và báo cáo theo Hướng dẫn số 09-HD/BDVTU.<br><br>
<div align="right"><b>Thanh Hà</b></div>""",
    head='<META http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
    title=t, date="2012-05-18", author="Thanh Hà", symbols=["290-QĐ/TW", "09-HD/BDVTU"], boilerplate=WF_BP, photos=1, missing=0, encoding="entities",
    files=["upload/news/2012/ky-ket.jpg"])

# ---------------------------------------------------------------- wordpress (Flatsome theme, Gutenberg blocks)
WP_MENU = ["Trang chủ", "Giới thiệu", "Tin tức", "Dân vận khéo", "Văn bản", "Thư viện ảnh", "Liên hệ"]
WP_RELATED = ["Lâm Đồng tổ chức Ngày hội Đại đoàn kết toàn dân tộc", "Hội nghị chuyên đề về công tác tôn giáo", "Biểu dương già làng, người có uy tín"]
WP_FOOTER = "Copyright 2022 © Ban Dân vận Tỉnh ủy Lâm Đồng. Thiết kế website bởi Lâm Đồng Web"


def flatsome(title, iso, shown, body, slug):
    menu = "".join(f'<li id="menu-item-{i}" class="menu-item menu-item-type-custom"><a href="/{i}/" class="nav-top-link">{m}</a></li>' for i, m in enumerate(WP_MENU))
    related = "".join(f'<div class="col post-item"><a href="/r{i}/"><div class="box-text"><h5 class="post-title is-large">{r}</h5><div class="post-meta is-small op-8">05/08/2022</div></div></a></div>' for i, r in enumerate(WP_RELATED))
    return f"""<!DOCTYPE html>
<html lang="vi" class="loading-site no-js"><head><meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{title} &#8211; Ban Dân vận Tỉnh ủy Lâm Đồng</title>
<link rel="canonical" href="https://danvan.lamdong.vn/{slug}/" />
<meta property="og:locale" content="vi_VN" /><meta property="og:type" content="article" /><meta property="og:title" content="{title} - Ban Dân vận Tỉnh ủy Lâm Đồng" />
<meta property="article:published_time" content="{iso}" /><meta property="article:modified_time" content="2022-09-01T10:00:00+00:00" />
<meta name="author" content="admin" />
<link rel='stylesheet' id='flatsome-main-css' href='https://danvan.lamdong.vn/wp-content/themes/flatsome/assets/css/flatsome.css?ver=3.15.3' type='text/css' media='all' /></head>
<body class="post-template-default single single-post postid-{len(slug)} single-format-standard lightbox nav-dropdown-has-arrow">
<a class="skip-link screen-reader-text" href="#main">Skip to content</a>
<div id="wrapper"><header id="header" class="header has-sticky sticky-jump"><div class="header-wrapper">
<div id="top-bar" class="header-top hide-for-sticky nav-dark"><div class="flex-col"><ul class="nav"><li class="html custom html_topbar_left">Hotline: 0263.3822.123</li></ul></div></div>
<div id="masthead" class="header-main"><div id="logo" class="flex-col logo"><a href="https://danvan.lamdong.vn/" title="Ban Dân vận Tỉnh ủy Lâm Đồng" rel="home"><img width="200" height="90" src="https://danvan.lamdong.vn/wp-content/uploads/2021/01/logo.png" class="header_logo" alt="Ban Dân vận Tỉnh ủy Lâm Đồng"/></a></div>
<ul class="header-nav header-nav-main nav nav-left">{menu}</ul></div></div></header>
<main id="main" class=""><div id="content" class="blog-wrapper blog-single page-wrapper"><div class="row row-large row-divided ">
<div class="large-9 col"><div id="post-list">
<article id="post-{len(slug)}" class="post-{len(slug)} post type-post status-publish format-standard has-post-thumbnail hentry category-tin-tuc">
<div class="article-inner "><header class="entry-header"><div class="entry-header-text entry-header-text-top text-left">
<h6 class="entry-category is-xsmall"><a href="/tin-tuc/" rel="category tag">Tin tức</a></h6>
<h1 class="entry-title">{title}</h1><div class="entry-divider is-divider small"></div>
<div class="entry-meta uppercase is-xsmall"><span class="posted-on">Đăng vào <a href="/{slug}/" rel="bookmark"><time class="entry-date published" datetime="{iso}">{shown}</time><time class="updated" datetime="2022-09-01T10:00:00+07:00">01/09/2022</time></a></span><span class="byline"> bởi <span class="meta-author vcard"><a class="url fn n" href="/author/admin/">admin</a></span></span></div>
</div></header>
<div class="entry-content single-page">
{body}
<div class="blog-share text-center"><div class="is-divider medium"></div><div class="social-icons share-icons share-row relative"><a href="#" class="icon button circle is-outline tooltip facebook" title="Share on Facebook"><i class="icon-facebook"></i></a><a href="#" class="icon button circle is-outline tooltip twitter" title="Share on Twitter"><i class="icon-twitter"></i></a><a href="#" class="icon button circle is-outline tooltip email" title="Email to a Friend"><i class="icon-envelop"></i></a></div></div></div>
<footer class="entry-meta text-left">Bài viết này được đăng trong <a href="/tin-tuc/" rel="category tag">Tin tức</a>. Đánh dấu <a href="/{slug}/" title="Permalink to {title}" rel="bookmark">đường dẫn tĩnh</a>.</footer>
<nav role="navigation" id="nav-below" class="navigation-post"><div class="flex-row next-prev-nav bt bb"><div class="flex-col flex-grow nav-prev text-left"><div class="nav-previous"><a href="/prev/" rel="prev"><span class="hide-for-small"><i class="icon-angle-left"></i></span> Hội nghị chuyên đề về công tác tôn giáo</a></div></div></div></nav>
</div></article>
<div class="related-posts"><h3 class="section-title">Bài viết liên quan</h3><div class="row">{related}</div></div>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Trả lời <small><a rel="nofollow" id="cancel-comment-reply-link" href="#respond" style="display:none;">Hủy</a></small></h3><p class="comment-notes">Email của bạn sẽ không được hiển thị công khai. Các trường bắt buộc được đánh dấu *</p></div></div>
</div></div>
<div class="post-sidebar large-3 col"><div id="secondary" class="widget-area"><aside id="search-2" class="widget widget_search"><form role="search" method="get"><input type="search" placeholder="Tìm kiếm&hellip;" /></form></aside>
<aside id="flatsome_recent_posts-2" class="widget flatsome_recent_posts"><span class="widget-title"><span>Bài viết mới</span></span><ul><li><a href="#">Lâm Đồng tổ chức Ngày hội Đại đoàn kết toàn dân tộc</a></li></ul></aside></div></div>
</div></div></main>
<footer id="footer" class="footer-wrapper"><div class="absolute-footer dark medium-text-center small-text-center"><div class="footer-primary pull-left"><div class="copyright-footer">{WP_FOOTER}</div></div></div></footer>
</div></body></html>
"""


WP_BP = [*WP_MENU, *WP_RELATED, WP_FOOTER, "Hotline: 0263.3822.123", "Bài viết liên quan", "Bài viết mới", "Email của bạn sẽ không được hiển thị công khai. Các trường bắt buộc được đánh dấu *", "Skip to content", "Hội nghị chuyên đề về công tác tôn giáo", "Bài viết này được đăng trong Tin tức. Đánh dấu đường dẫn tĩnh.", "Trả lời"]

t = "Lâm Đồng: Tổng kết Luật Thực hiện dân chủ ở cơ sở tại các xã vùng đồng bào dân tộc thiểu số"
add("wordpress", "tong-ket-dan-chu", flatsome(t, "2022-08-09T08:30:00+07:00", "09/08/2022",
    """<p><strong>Ngày 8/8, Ban Dân vận Tỉnh ủy tổ chức hội nghị tuyên truyền Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 cho cán bộ các xã vùng đồng bào dân tộc thiểu số.</strong></p>
<figure class="wp-block-image size-large"><img decoding="async" width="1024" height="683" src="https://danvan.lamdong.vn/wp-content/uploads/2022/08/hoi-nghi-dan-chu-1024x683.jpg" alt="" class="wp-image-1021" srcset="https://danvan.lamdong.vn/wp-content/uploads/2022/08/hoi-nghi-dan-chu-1024x683.jpg 1024w, https://danvan.lamdong.vn/wp-content/uploads/2022/08/hoi-nghi-dan-chu-300x200.jpg 300w" sizes="(max-width: 1024px) 100vw, 1024px" /><figcaption class="wp-element-caption">Đại biểu dự hội nghị tuyên truyền. Ảnh: Ngọc Lan</figcaption></figure>
<p>Luật có hiệu lực từ ngày 01/7/2023, thay thế Pháp lệnh số 34/2007/PL-UBTVQH11. Đồng chí Trưởng Ban Dân vận Tỉnh ủy đề nghị các địa phương bám sát Kế hoạch số 45-KH/TU của Tỉnh ủy.</p>
<figure class="wp-block-table is-style-stripes"><table><thead><tr><th>Địa phương</th><th>Số buổi tuyên truyền</th><th>Lượt người dự</th></tr></thead><tbody><tr><td>Huyện Lạc Dương</td><td>24</td><td>1.850</td></tr><tr><td>Huyện Đam Rông</td><td>31</td><td>2.400</td></tr></tbody></table><figcaption class="wp-element-caption">Kết quả tuyên truyền 6 tháng đầu năm</figcaption></figure>
<p class="has-text-align-right"><strong>Tin, ảnh: Ngọc Lan</strong></p>""", "tong-ket-dan-chu"),
    title=t, date="2022-08-09", author="Ngọc Lan", symbols=["10/2022/QH15", "34/2007/PL-UBTVQH11", "45-KH/TU"], boilerplate=WP_BP, photos=1, missing=0,
    files=["wp-content/uploads/2022/08/hoi-nghi-dan-chu-1024x683.jpg"])

t = "Gặp mặt già làng, người có uy tín tiêu biểu năm 2022"
add("wordpress", "gap-mat-gia-lang", flatsome(t, "2022-11-21T14:10:00+07:00", "21/11/2022",
    """<p>Chiều 20/11, Ban Dân vận Tỉnh ủy phối hợp với Ban Dân tộc tỉnh tổ chức gặp mặt 120 già làng, người có uy tín tiêu biểu trong đồng bào dân tộc thiểu số theo Quyết định số 12/2018/QĐ-TTg của Thủ tướng Chính phủ.</p>
<div class="wp-block-image"><figure class="aligncenter size-full"><img src="/wp-content/uploads/2022/11/gap-mat.jpg" alt="Gặp mặt già làng" /><figcaption>Lãnh đạo tỉnh tặng quà các già làng (Ảnh: Bá Thăng)</figcaption></figure></div>
<p>Dịp này, 25 già làng được tặng Bằng khen của Chủ tịch UBND tỉnh.</p>
<p><em>Theo Báo Lâm Đồng</em></p>""", "gap-mat-gia-lang"),
    title=t, date="2022-11-21", author="", symbols=["12/2018/QĐ-TTg"], boilerplate=WP_BP, photos=1, missing=1)

# ---------------------------------------------------------------- jsonld (Bootstrap 5 theme with schema.org NewsArticle)
BT_MENU = ["Trang chủ", "Thời sự", "Dân vận khéo", "Tôn giáo - Dân tộc", "Văn bản", "Video"]
BT_RELATED = ["Kiểm tra công tác dân vận tại huyện Krông Pắc", "Hội thi báo cáo viên giỏi năm 2022", "Tập huấn kỹ năng dân vận cho cán bộ cơ sở"]
BT_FOOTER = "© 2022 Ban Dân vận Tỉnh ủy Đắk Lắk. Giấy phép số 15/GP-TTĐT do Sở Thông tin và Truyền thông cấp"


def bootstrap(title, ld, meta, body, tail):
    menu = "".join(f'<li class="nav-item"><a class="nav-link" href="/{i}">{m}</a></li>' for i, m in enumerate(BT_MENU))
    related = "".join(f'<a href="/r{i}" class="list-group-item list-group-item-action">{r}</a>' for i, r in enumerate(BT_RELATED))
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | Ban Dân vận Tỉnh ủy Đắk Lắk</title>
<link href="https://cdn.jsdelivr.net/npm/bootstrap@5.2.3/dist/css/bootstrap.min.css" rel="stylesheet">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{{"@type":"ListItem","position":1,"name":"Trang chủ","item":"https://danvan.daklak.gov.vn/"}},{{"@type":"ListItem","position":2,"name":"Thời sự"}}]}}</script>
</head><body>
<nav class="navbar navbar-expand-lg navbar-dark bg-danger"><div class="container"><a class="navbar-brand" href="/"><img src="/assets/img/logo.svg" alt="Ban Dân vận" height="40"></a>
<button class="navbar-toggler" type="button" data-bs-toggle="collapse" data-bs-target="#nav"><span class="navbar-toggler-icon"></span></button>
<div class="collapse navbar-collapse" id="nav"><ul class="navbar-nav me-auto">{menu}</ul></div></div></nav>
<div class="container my-4"><div class="row"><main class="col-lg-8">
<nav aria-label="breadcrumb"><ol class="breadcrumb"><li class="breadcrumb-item"><a href="/">Trang chủ</a></li><li class="breadcrumb-item active" aria-current="page">Thời sự</li></ol></nav>
<article class="post-detail">{meta}
<div class="post-content fs-5">{body}</div>
{tail}
<div class="d-flex gap-2 my-3 share"><span class="fw-bold">Chia sẻ:</span><a class="btn btn-sm btn-primary" href="#">Facebook</a><a class="btn btn-sm btn-info" href="#">Zalo</a><button class="btn btn-sm btn-secondary">Sao chép liên kết</button></div>
<div class="tags"><span class="badge bg-secondary">#dânvận</span> <span class="badge bg-secondary">#ĐắkLắk</span></div></article></main>
<aside class="col-lg-4"><div class="card"><div class="card-header">Tin mới nhất</div><div class="list-group list-group-flush">{related}</div></div>
<div class="card mt-3"><div class="card-header">Đọc nhiều</div><div class="card-body"><ol><li>Hội thi báo cáo viên giỏi năm 2022</li></ol></div></div></aside></div></div>
<footer class="bg-dark text-white py-4"><div class="container"><p class="mb-1">{BT_FOOTER}</p><p class="small">Địa chỉ: 02 Lê Duẩn, TP. Buôn Ma Thuột</p></div></footer>
<script src="https://cdn.jsdelivr.net/npm/bootstrap@5.2.3/dist/js/bootstrap.bundle.min.js"></script></body></html>
"""


BT_BP = [*BT_MENU, *BT_RELATED, BT_FOOTER, "Sao chép liên kết", "Tin mới nhất", "Đọc nhiều", "#dânvận", "Địa chỉ: 02 Lê Duẩn, TP. Buôn Ma Thuột", "Chia sẻ:"]

t = "Đắk Lắk sơ kết 3 năm thực hiện Chỉ thị 49-CT/TW về vai trò của Mặt trận trong vùng đồng bào dân tộc"
add("jsonld", "so-ket-chi-thi-49", bootstrap(t,
    {"@context": "https://schema.org", "@type": "NewsArticle", "headline": t, "datePublished": "2022-10-20T14:05:00+07:00", "dateModified": "2022-10-25T09:00:00+07:00",
     "author": {"@type": "Organization", "name": "Ban Dân vận Tỉnh ủy Đắk Lắk"}, "publisher": {"@type": "Organization", "name": "Ban Dân vận Tỉnh ủy Đắk Lắk"},
     "image": ["https://danvan.daklak.gov.vn/uploads/2022/10/so-ket.jpg"], "mainEntityOfPage": "https://danvan.daklak.gov.vn/thoi-su/so-ket-chi-thi-49"},
    f'<h1 class="display-6 fw-bold">{t}</h1><div class="text-muted small mb-3"><i class="bi bi-clock"></i> Xuất bản: 20/10/2022 - 14:05 <span class="ms-3"><i class="bi bi-eye"></i> 3.021</span></div>',
    """<p class="lead">Ngày 19/10, Ban Dân vận Tỉnh ủy, Ủy ban MTTQ Việt Nam tỉnh tổ chức hội nghị sơ kết 3 năm thực hiện Chỉ thị số 49-CT/TW ngày 20/10/2015 của Ban Bí thư về tăng cường và đổi mới công tác dân vận của Đảng ở vùng đồng bào dân tộc thiểu số.</p>
<figure class="figure w-100"><img src="/uploads/2022/10/so-ket.jpg" class="figure-img img-fluid rounded" alt="Hội nghị sơ kết"><figcaption class="figure-caption text-center">Các đại biểu dự hội nghị. Ảnh: Phạm Hà</figcaption></figure>
<p>Hội nghị đánh giá việc thực hiện Quy định số 124 - QĐ/TW về giám sát của MTTQ và Kết luận số 43-KL/TW; đề ra 6 nhóm giải pháp đến năm 2025.</p>""",
    '<p class="text-end fw-bold">Phạm Hà</p>'),
    title=t, date="2022-10-20", author="Phạm Hà", symbols=["49-CT/TW", "124-QĐ/TW", "43-KL/TW"], boilerplate=BT_BP, photos=1, missing=1)

t = "Tập huấn công tác dân vận cho cán bộ, công chức cấp xã năm 2023"
add("jsonld", "tap-huan-2023", bootstrap(t,
    {"@context": "https://schema.org", "@type": "NewsArticle", "headline": t, "datePublished": "2023-04-07T07:45:00+07:00",
     "author": [{"@type": "Person", "name": "Y Khu Niê"}], "publisher": {"@type": "Organization", "name": "Ban Dân vận Tỉnh ủy Đắk Lắk"}},
    f'<p class="text-uppercase text-danger small mb-1">Thời sự</p><h1 class="display-6 fw-bold">{t}</h1><div class="d-flex justify-content-between text-muted small mb-3"><span class="author">Y Khu Niê</span><span>7 Tháng 4 2023, 07:45</span></div>',
    """<p>Từ ngày 5 đến 6/4, Ban Dân vận Tỉnh ủy mở lớp tập huấn nghiệp vụ cho 180 cán bộ, công chức cấp xã về Quyết định số 23-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương ban hành Quy chế công tác dân vận của hệ thống chính trị.</p>
<table class="table table-bordered"><thead><tr><th>Chuyên đề</th><th>Báo cáo viên</th></tr></thead><tbody><tr><td>Quy chế công tác dân vận</td><td>Lãnh đạo Ban Dân vận Tỉnh ủy</td></tr><tr><td>Kỹ năng dân vận</td><td>Trường Chính trị tỉnh</td></tr></tbody></table>
<p>Lớp tập huấn kết thúc ngày 6/4 với bài thu hoạch của học viên.</p>""",
    ""),
    title=t, date="2023-04-07", author="Y Khu Niê", symbols=["23-QĐ/TW"], boilerplate=BT_BP, photos=0, missing=0)

# ---------------------------------------------------------------- amp
AMP_MENU = ["Thời sự", "Chính trị", "Xã hội", "Dân vận"]
AMP_FOOTER = "Báo Dân tộc và Phát triển - Cơ quan của Ủy ban Dân tộc"


def amp(title, url, published, meta, body, tail):
    menu = "".join(f'<li><a href="/amp/{i}">{m}</a></li>' for i, m in enumerate(AMP_MENU))
    return f"""<!doctype html>
<html ⚡ lang="vi"><head><meta charset="utf-8"><script async src="https://cdn.ampproject.org/v0.js"></script>
<script async custom-element="amp-social-share" src="https://cdn.ampproject.org/v0/amp-social-share-0.1.js"></script>
<title>{title} - Báo Dân tộc và Phát triển</title><link rel="canonical" href="{url}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<meta property="article:published_time" content="{published}">
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style>
<style amp-custom>.header{{background:#c00}}</style></head>
<body><header class="header"><a href="/amp"><amp-img src="/img/logo.png" width="160" height="40" alt="Báo Dân tộc và Phát triển"></amp-img></a>
<amp-sidebar id="sidebar" layout="nodisplay" side="left"><ul>{menu}</ul></amp-sidebar><button on="tap:sidebar.toggle">☰</button></header>
<article class="amp-article">{meta}
<div class="article-body">{body}</div>
{tail}
<div class="social"><amp-social-share type="facebook" width="32" height="32"></amp-social-share><amp-social-share type="zalo" width="32" height="32"></amp-social-share><span>Chia sẻ bài viết</span></div></article>
<section class="related"><h3>Tin cùng chuyên mục</h3><ul><li><a href="/amp/r1">Gặp mặt người có uy tín vùng Tây Bắc</a></li><li><a href="/amp/r2">Chính sách đặc thù cho đồng bào dân tộc rất ít người</a></li></ul></section>
<footer><p>{AMP_FOOTER}</p><a href="{url}">Xem phiên bản đầy đủ</a></footer></body></html>
"""


AMP_BP = [*AMP_MENU, AMP_FOOTER, "Tin cùng chuyên mục", "Gặp mặt người có uy tín vùng Tây Bắc", "Chính sách đặc thù cho đồng bào dân tộc rất ít người", "Xem phiên bản đầy đủ", "Chia sẻ bài viết", "☰"]

t = "Phát huy vai trò người có uy tín trong vùng đồng bào dân tộc thiểu số"
add("amp", "nguoi-co-uy-tin", amp(t, "https://baodantoc.vn/phat-huy-vai-tro-nguoi-co-uy-tin-1234.htm", "2019-03-12T09:00:00+07:00",
    f'<h1 class="title">{t}</h1><div class="meta"><span class="time">09:00 - 12/03/2019</span></div>',
    """<p class="sapo"><strong>Thực hiện Quyết định số 12/2018/QĐ-TTg của Thủ tướng Chính phủ, tỉnh Lào Cai hiện có 1.560 người có uy tín trong đồng bào dân tộc thiểu số được bình chọn.</strong></p>
<figure><amp-img src="/uploads/2019/03/nguoi-co-uy-tin.jpg" width="640" height="427" layout="responsive" alt="Người có uy tín"></amp-img><figcaption>Già làng Vàng Seo Lử (bên phải) tuyên truyền chính sách cho bà con. Ảnh: Hoàng Quý</figcaption></figure>
<p>Ngày 12 tháng 3 năm 2019 cũng là ngày tỉnh tổ chức hội nghị biểu dương người có uy tín, triển khai Kế hoạch số 56/KH-UBND của UBND tỉnh.</p>""",
    '<p class="author" style="text-align:right"><strong>Bài và ảnh: Hoàng Quý</strong></p>'),
    title=t, date="2019-03-12", author="Hoàng Quý", symbols=["12/2018/QĐ-TTg", "56/KH-UBND"], boilerplate=AMP_BP, photos=1, missing=0,
    files=["uploads/2019/03/nguoi-co-uy-tin.jpg"])

t = "Hà Giang triển khai Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số"
add("amp", "chuong-trinh-1719", amp(t, "https://baodantoc.vn/ha-giang-trien-khai-chuong-trinh-5678.htm", "2021-11-02T15:20:00+07:00",
    f'<div class="meta">Thứ Ba, 02/11/2021 15:20</div><h1 class="title">{t}</h1>',
    """<p class="sapo"><strong>(TTXVN) - UBND tỉnh Hà Giang vừa ban hành Kế hoạch triển khai Quyết định số 1719/QĐ-TTg ngày 14/10/2021 của Thủ tướng Chính phủ phê duyệt Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2021 - 2030.</strong></p>
<p>Chương trình được thực hiện theo Nghị quyết số 88/2019/QH14 của Quốc hội; tỉnh dự kiến huy động hơn 7.000 tỷ đồng cho giai đoạn I từ năm 2021 đến năm 2025.</p>""",
    '<p class="source" style="text-align:right"><em>Theo TTXVN</em></p>'),
    title=t, date="2021-11-02", author="", symbols=["1719/QĐ-TTg", "88/2019/QH14"], boilerplate=AMP_BP, photos=0, missing=0)

# ---------------------------------------------------------------- mobile (m. site)
M_TABS = ["Tin mới", "Đọc nhiều", "Chuyên mục"]
M_FOOTER = "Phiên bản di động - Cổng TTĐT Ban Dân vận Tỉnh ủy Quảng Nam"


def mobile(title, meta, body, tail):
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
<title>{title}</title><link rel="canonical" href="https://danvan.quangnam.gov.vn/tin-tuc/{zlib.crc32(title.encode()) % 10000}.html"></head>
<body class="mobile"><div class="m-header"><a href="/" class="m-logo"><img src="/m/images/logo.png"></a><a href="#menu" class="m-menu-btn">☰ Menu</a></div>
<div class="m-tabs">{''.join(f'<a href="#">{x}</a>' for x in M_TABS)}</div>
<div class="m-hot"><span class="tag-hot">Tin nóng</span><a href="#">Quảng Nam hỗ trợ người dân vùng lũ</a></div>
<div class="m-article">{meta}
<div class="m-content">{body}</div>{tail}</div>
<div class="m-share"><a href="#">Chia sẻ Facebook</a> <a href="#">Chia sẻ Zalo</a></div>
<div class="m-related"><div class="m-related-title">Xem thêm</div><a href="#">Quảng Nam hỗ trợ người dân vùng lũ</a><a href="#">Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 5</a></div>
<div class="m-footer">{M_FOOTER}<br><a href="?desktop=1">Xem phiên bản máy tính</a></div></body></html>
"""


M_BP = [*M_TABS, M_FOOTER, "Quảng Nam hỗ trợ người dân vùng lũ", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 5", "Xem thêm", "Xem phiên bản máy tính", "Chia sẻ Facebook", "☰ Menu", "Tin nóng"]

t = "Quảng Nam: Ra mắt 50 mô hình “Dân vận khéo” trong cải cách hành chính"
add("mobile", "tin-1", mobile(t,
    f'<h1 class="m-title">{t}</h1>',
    """<p><span class="m-date">Thứ Hai, 11/03/2019</span>Sáng 9/3, tại thành phố Tam Kỳ, Ban Dân vận Tỉnh ủy tổ chức ra mắt 50 mô hình “Dân vận khéo” trong cải cách hành chính theo Kế hoạch số 86-KH/TU của Tỉnh ủy và Nghị quyết số 30c/NQ-CP của Chính phủ về Chương trình tổng thể cải cách hành chính.</p>
<p><img src="/Uploads/2019/3/ra-mat-mo-hinh.jpg" style="width:100%"></p><p class="m-caption">Ra mắt mô hình tại bộ phận một cửa (Ảnh: Văn Sự)</p>
<p>Các mô hình tập trung giải quyết thủ tục hành chính đúng hẹn, giảm 30% thời gian chờ đợi của người dân.</p>""",
    '<div class="m-author" style="text-align:right">Tin, ảnh: Văn Sự</div>'),
    title=t, date="2019-03-11", author="Văn Sự", symbols=["86-KH/TU", "30c/NQ-CP"], boilerplate=M_BP, photos=1, missing=1)

t = "Đối thoại giữa người đứng đầu cấp ủy với nhân dân tại thị xã Điện Bàn"
add("mobile", "tin-2", mobile(t,
    f'<div class="m-date">08:15 | 27/09/2020 <span class="m-view">👁 1.024</span></div><h1 class="m-title">{t}</h1>',
    """<p>Thực hiện Quy định số 11-QĐi/TW ngày 18/2/2019 của Bộ Chính trị về trách nhiệm của người đứng đầu cấp ủy trong việc tiếp dân, đối thoại trực tiếp với dân, sáng 26/9, Bí thư Thị ủy Điện Bàn đối thoại với hơn 200 đoàn viên, hội viên và nhân dân.</p>
<p>Nhiều ý kiến về giải phóng mặt bằng, cấp giấy chứng nhận quyền sử dụng đất được trả lời trực tiếp tại hội nghị.</p>""",
    '<div class="m-author" style="text-align:right"><b>Lê Thị Thu Hà</b></div>'),
    title=t, date="2020-09-27", author="Lê Thị Thu Hà", symbols=["11-QĐi/TW"], boilerplate=M_BP, photos=0, missing=0)


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    for page in PAGES:
        folder = OUT / page["layout"]
        folder.mkdir(parents=True, exist_ok=True)
        html = page["html"]
        if page["encoding"] == "cp1258":
            data = _cp1258(html)
        elif page["encoding"] == "entities":
            data = entities(html).encode("ascii")
        else:
            data = html.encode("utf-8")
        (folder / f"{page['name']}.html").write_bytes(data)
        (folder / f"{page['name']}.json").write_text(json.dumps(page["expected"], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for file in page["files"]:
            target = folder / file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(PNG)
    print(f"{len(PAGES)} pages in {len({p['layout'] for p in PAGES})} layouts written to {OUT}")


if __name__ == "__main__":
    main()
