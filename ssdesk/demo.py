"""The sample case: the working session of 27/02/2024 in Hoàng Mai, every fact of it (``ssdesk demo FILE``).

Source: the press report ``samples/hoang-mai-2024-02-27.txt`` (summarised in ``domain.md`` §5). Everything the
report states is recorded as stated; what a case file needs but the report does not say (plan and decision numbers,
the clock times, the place, deadlines, the successor ward) is filled with clearly illustrative values, each marked
below and, where the user can see it, in a ``note``.

The whole sample is written in one transaction through the services, so a failure leaves the file untouched.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ssdesk.enums import (
    Direction,
    FindingKind,
    MemberRole,
    RecStatus,
    Side,
    StatementKind,
    SuccessionKind,
    UnitKind,
    VisitForm,
    VisitState,
)
from ssdesk.errors import SsdeskError
from ssdesk.i18n import _
from ssdesk.models import Unit, Visit
from ssdesk.store import Store

# -- fixed facts of the sample -------------------------------------------------------------------------------------

CITY_COMMITTEE = "Thành ủy Hà Nội"
CITY_STANDING_BOARD = "Ban Thường vụ Thành ủy Hà Nội"
DISTRICT_UNIT = "Ban Thường vụ Quận ủy Hoàng Mai"
PROGRAMME_CODE = "08-CTr/TU"
PROGRAMME_TITLE = ("Phát triển hệ thống an sinh xã hội, nâng cao phúc lợi xã hội, chất lượng cuộc sống của Nhân dân "
                   "Thủ đô, giai đoạn 2021-2025")
DELEGATION_NAME = "Đoàn giám sát số 1"

# The report only says "Sáng 27/2" (the morning of 27/02/2024): 08:00–11:30 is an illustrative morning session.
SAMPLE_STARTS_AT = dt.datetime(2024, 2, 27, 8, 0)
SAMPLE_ENDS_AT = dt.datetime(2024, 2, 27, 11, 30)
# The report does not name the place; the district committee's seat is the usual one (illustrative).
SAMPLE_PLACE = "Trụ sở Quận ủy Hoàng Mai"
# The district level of local government ended on 01/07/2025 (domain.md §3b).
DISTRICT_LEVEL_ENDED = dt.date(2025, 7, 1)
# Deadline of the requests: not in the report, illustrative.
REQUEST_DEADLINE = dt.date(2024, 6, 30)

# name, title at the time of the visit, organisation
TUYEN = ("Nguyễn Thị Tuyến", "Ủy viên Trung ương Đảng, Phó Bí thư Thường trực Thành ủy", "Thành ủy Hà Nội")
MEN = ("Phan Văn Mến", "Giám đốc Bảo hiểm xã hội Thành phố", "Bảo hiểm xã hội thành phố Hà Nội")
HUNG = ("Nguyễn Đình Hưng", "Phó Giám đốc Sở Y tế Hà Nội", "Sở Y tế Hà Nội")
GIANG = ("Vương Hương Giang", "Phó Giám đốc Sở Giáo dục và Đào tạo Hà Nội", "Sở Giáo dục và Đào tạo Hà Nội")
LINH = ("Nguyễn Xuân Linh", "Bí thư Quận ủy Hoàng Mai", "Quận ủy Hoàng Mai")
PHONG = ("Nguyễn Xuân Phong", "Phó Bí thư Thường trực Quận ủy Hoàng Mai", "Quận ủy Hoàng Mai")
TAM = ("Nguyễn Minh Tâm", "Phó Bí thư Quận ủy, Chủ tịch UBND quận Hoàng Mai", "Quận ủy Hoàng Mai")

DELEGATION_SIDE = ((TUYEN, MemberRole.HEAD), (MEN, MemberRole.MEMBER), (HUNG, MemberRole.MEMBER),
                   (GIANG, MemberRole.MEMBER))
UNIT_SIDE = (LINH, PHONG, TAM)

PERSON_NOTE = "Chức vụ tại thời điểm buổi làm việc ngày 27/02/2024 (theo bài báo nguồn)."

# -- the texts, faithful to the report ------------------------------------------------------------------------------

REPORT_SUMMARY = (
    "Sau 3 năm thực hiện Chương trình số 08-CTr/TU, công tác phát triển văn hóa, xã hội, xây dựng người Hà Nội "
    "thanh lịch, văn minh, bảo đảm an sinh xã hội của quận đã đạt được kết quả thiết thực theo đúng mục tiêu, nhiệm "
    "vụ trọng tâm Chương trình đã đề ra. Trong đó, 23/27 chỉ tiêu đạt và vượt kế hoạch. Qua đó, góp phần quan trọng "
    "vào kết quả thực hiện các nhiệm vụ chính trị của quận và Thành phố.\n\n"
    "Cụ thể, hỗ trợ vay vốn từ Quỹ quốc gia về việc làm cho 14.740 lượt người với tổng số tiền hơn 430 triệu đồng; "
    "giải quyết việc làm cho 18.389 lao động. Đến tháng 12/2023, số người tham gia BHYT đạt 333.053 người (tăng 11,7% "
    "so với cùng kỳ năm 2021). Tỷ lệ bao phủ BHYT đạt 94,1% dân số và vượt 1% so với chỉ tiêu được Thành phố giao.\n\n"
    "Đối với thực hiện công tác giảm nghèo giai đoạn 2021 - 2023, số hộ được công nhận là hộ nghèo năm 2021 là 76 hộ "
    "với 222 nhân khẩu. Đến tháng 6/2023, đã xoá hết hộ nghèo. Đến tháng 12/2023, giảm còn 75 hộ cận nghèo với 199 "
    "nhân khẩu (năm 2021 là 180 hộ với 575 nhân khẩu). Để có được kết quả này, giai đoạn 2021 - 2023, quận đã hỗ trợ "
    "21 hộ nghèo, cận nghèo được vay vốn với số tiền 454 triệu đồng; hỗ trợ chi phí học tập và học phí cho 27 trường "
    "hợp là học sinh tiểu học, THCS, Trung tâm giáo dục thường xuyên đang theo học; cấp 405 thẻ BHYT cho người thuộc "
    "hộ nghèo và 1.244 thẻ BHYT cho người thuộc hộ cận nghèo.\n\n"
    "Đối với việc nâng cao phúc lợi xã hội, chất lượng cuộc sống Nhân dân, quận bố trí, cải tạo, nâng cấp các nhà "
    "văn hóa, hội họp, các điểm vui chơi, giải trí, thể dục thể thao. Theo đó, hầu hết các phường có điểm vui chơi "
    "giải trí, thể dục thể thao và ngày càng được cải tạo, nâng cấp, duy tu để phục vụ đời sống tinh thần của người "
    "dân.\n\n"
    "Ngoài ra, 100% người dân trên địa bàn quận có nhà ở đạt chuẩn theo quy định; tỷ lệ người dân được dùng nước sạch "
    "đạt 100%; tỷ lệ rác thải vận chuyển trong ngày đạt 100%. Từ năm 2021 - 2023, quận hoàn thành xây mới 4 trường "
    "học, xây dựng lại 5 trường và cải tạo, đầu tư thiết bị 30 trường với kinh phí trên 1.730 tỷ đồng. Hiện nay, quận "
    "tiếp tục triển khai 35 dự án, trong đó có 19 trường xây mới và dự kiến đến năm 2025 hoàn thành 12 dự án xây mới "
    "góp phần nâng cao chất lượng cơ sở vật chất phục vụ giáo dục.\n\n"
    "Quận Hoàng Mai cũng ban hành kế hoạch duy trì 14/14 phường đạt tiêu chí quốc gia về y tế và mô hình trạm y tế "
    "điểm. Đề xuất rà soát cơ sở hạ tầng tại các trạm y tế xuống cấp, hư hỏng cần cải tạo, sửa chữa, xây mới để bảo "
    "đảm cho các hoạt động chuyên môn."
)

STMT_MEN = (
    "Đánh giá cao kết quả thực hiện tại quận Hoàng Mai, trong đó, BHYT phát triển nhanh và bền vững, tỷ lệ bao phủ "
    "đạt 94,1%. Bảo hiểm tự nguyện có tiềm năng rất lớn. Về chỉ tiêu thu BHXH, Hoàng Mai là một trong những đơn vị "
    "hằng năm hoàn thành kế hoạch sớm nhất. Số nợ BHXH hằng năm đều giảm."
)
STMT_HUNG = (
    "Ghi nhận những kết quả quận đã đạt được như: tỷ lệ nợ đọng BHYT, BHXH thấp; rất tích cực trong công tác phòng, "
    "chống dịch; giáo dục cũng là điểm sáng của Thành phố."
)
STMT_GIANG = (
    "Mong muốn quận Hoàng Mai tiếp tục thực hiện phân tuyến hợp lý để nâng tỷ lệ trường đạt chuẩn quốc gia; quan tâm "
    "đầu tư, bổ sung trang thiết bị dạy học tối thiểu cho các trường; ngoài đầu tư cho các trường bậc mầm non, tiểu "
    "học, trung học cơ sở, cần đầu tư cho các trường THPT đáp ứng chuẩn quốc gia, trong đó, có trường THPT Hoàng Văn "
    "Thụ và Trương Định. Ngoài ra, quan tâm đào tạo đội ngũ cán bộ giáo viên và nhân viên để nâng cao chất lượng đáp "
    "ứng theo yêu cầu, nhiệm vụ."
)
# The report misspells "chương trình" as "chương tình" here; corrected.
STMT_TAM = (
    "Quận đã khẩn trương quán triệt, triển khai Chương trình 08-CTr/TU bằng Chương trình 05-CTr/QU và kết quả thể "
    "hiện rõ các chỉ tiêu của chương trình. Qua quán triệt, quận cũng chú trọng triển khai thực hiện giám sát, kiểm "
    "tra thường xuyên, do đó, về cơ bản, tất cả chỉ tiêu đều hoàn thành.\n\n"
    "Trong triển khai Chương trình 08-CTr/TU, quận có một số khó khăn, đó là tăng dân số cơ học lớn vượt quy hoạch "
    "phân khu của Thành phố mà Chính phủ đã phê duyệt. Trên địa bàn quận cũng còn 62 trường ngoài công lập chưa xây "
    "dựng, quận đã thường xuyên báo cáo Thành phố để có hướng chỉ đạo tháo gỡ. Đối với chỉ tiêu xây dựng trường chuẩn "
    "quốc gia, quận đang tập trung các giải pháp để phấn đấu tăng tỷ lệ đạt chuẩn, đạt chỉ tiêu đã đề ra."
)
STMT_PHONG_2 = (
    "Thời gian qua, quận Hoàng Mai đã đạt thành tựu lớn trong công tác xóa đói giảm nghèo, một trong những mô hình "
    "sáng tạo huy động được cả hệ thống chính trị vào cuộc là phòng chống dịch Covid-19, qua đó, một số mô hình đã lan "
    "tỏa toàn Thành phố như mô hình “Vùng xanh” trong phòng chống dịch. Có được những kết quả này là do quận đã huy "
    "động được sự vào cuộc của hệ thống cấp ủy và sự ủng hộ, đồng thuận của người dân."
)
STMT_LINH = (
    "Trân trọng cảm ơn và tiếp thu các ý kiến đóng góp, trao đổi của các thành viên trong Đoàn. Làm rõ thêm một số "
    "nội dung về nâng cao phúc lợi xã hội, nâng cao cuộc sống người dân, xây dựng trường chuẩn quốc gia và một số "
    "định hướng quận sẽ triển khai trong giai đoạn tới."
)
CONCLUSION = (
    "Đánh giá cao sự chuẩn bị nghiêm túc, trách nhiệm của quận Hoàng Mai. Nguyên tắc của Đảng, Nhà nước ta trong "
    "triển khai chính sách an sinh xã hội là hướng tới người dân, tạo ra mạng lưới an sinh phủ kín toàn bộ người dân "
    "“Không ai bị bỏ lại phía sau”.\n\n"
    "Hoàng Mai là quận trẻ, đang tập trung phát triển theo hướng xây dựng trở thành đô thị văn minh, cực tăng trưởng "
    "của Thành phố. Tuy nhiên, quận gặp thách thức trong quá trình phát triển do dân số tăng nhanh, hạ tầng, hạ tầng "
    "xã hội thiếu sự đồng bộ trong quy hoạch xây dựng trường lớp, trạm y tế trong khi phát triển nhiều về dự án nhà ở "
    "xã hội, dẫn đến sự thiếu đồng bộ.\n\n"
    "Đánh giá cao sự nỗ lực, cố gắng của quận trong thực hiện các nhiệm vụ chính trị, trong đó, có Chương trình "
    "08-CTr/TU, đề nghị quận cần làm rõ hơn về phát triển công nghiệp văn hóa, quan tâm đảm bảo trật tự, an ninh xã "
    "hội. Thời gian tới, đề nghị quận tăng cường công tác tuyên truyền để người dân hiểu và cùng tham gia thực hiện "
    "các chính sách liên quan đến an sinh xã hội, nâng cao phúc lợi xã hội, chất lượng đời sống của Nhân dân. Đồng "
    "thời, tiếp tục rà soát các tiêu chí đảm bảo an sinh xã hội, nhất là những tiêu chí chưa đạt. Quận cũng cần tiếp "
    "tục thực hiện đồng bộ các giải pháp tạo việc làm, ổn định đời sống người dân và đẩy mạnh công tác cải cách hành "
    "chính, thực hiện phân cấp ủy quyền mạnh hơn.\n\n"
    "Yêu cầu quận Hoàng Mai thực hiện tốt Chỉ thị số 24-CT/TU về “Tăng cường kỷ cương, kỷ luật và trách nhiệm giải "
    "quyết công việc trong hệ thống chính trị thành phố Hà Nội”, nhất là trong thực hiện chính sách an sinh xã hội.\n\n"
    "Đối với một số kiến nghị của quận liên quan vấn đề đánh giá trường chuẩn, xây dựng bệnh viện của quận, yêu cầu "
    "quan tâm, rà soát lại quy hoạch của quận để sớm thực hiện."
)
EXPLANATION = (
    "Đồng chí Nguyễn Minh Tâm, Phó Bí thư Quận ủy, Chủ tịch UBND quận: " + STMT_TAM + "\n\n"
    "Đồng chí Nguyễn Xuân Phong, Phó Bí thư Thường trực Quận ủy: " + STMT_PHONG_2 + "\n\n"
    "Đồng chí Nguyễn Xuân Linh, Bí thư Quận ủy: " + STMT_LINH
)
RELATED_DOCUMENTS = (
    "Chương trình số 05-CTr/QU của Quận ủy Hoàng Mai (triển khai Chương trình số 08-CTr/TU)\n"
    "Chỉ thị số 24-CT/TU của Thành ủy Hà Nội về “Tăng cường kỷ cương, kỷ luật và trách nhiệm giải quyết công việc "
    "trong hệ thống chính trị thành phố Hà Nội”"
)

# Speaking order of domain.md §5: (speaker, kind, text).
STATEMENTS = (
    (PHONG, StatementKind.REPORT, REPORT_SUMMARY),
    (MEN, StatementKind.OPINION, STMT_MEN),
    (HUNG, StatementKind.OPINION, STMT_HUNG),
    (GIANG, StatementKind.OPINION, STMT_GIANG),
    (TAM, StatementKind.EXPLANATION, STMT_TAM),
    (PHONG, StatementKind.EXPLANATION, STMT_PHONG_2),
    (LINH, StatementKind.EXPLANATION, STMT_LINH),
    (TUYEN, StatementKind.CONCLUSION, CONCLUSION),
)

FINDINGS = (
    (FindingKind.RESULT, "Sau 3 năm thực hiện Chương trình số 08-CTr/TU, công tác phát triển văn hóa, xã hội, xây "
     "dựng người Hà Nội thanh lịch, văn minh, bảo đảm an sinh xã hội của quận đạt kết quả thiết thực; 23/27 chỉ tiêu "
     "đạt và vượt kế hoạch."),
    (FindingKind.RESULT, "Công tác giảm nghèo: đến tháng 6/2023 đã xoá hết hộ nghèo (năm 2021: 76 hộ với 222 nhân "
     "khẩu); đến tháng 12/2023 còn 75 hộ cận nghèo với 199 nhân khẩu (năm 2021: 180 hộ với 575 nhân khẩu)."),
    (FindingKind.RESULT, "100% người dân có nhà ở đạt chuẩn, được dùng nước sạch; rác thải được vận chuyển trong ngày "
     "đạt 100%; 14/14 phường đạt tiêu chí quốc gia về y tế."),
    (FindingKind.STRENGTH, "BHYT phát triển nhanh và bền vững, tỷ lệ bao phủ đạt 94,1%; hằng năm là một trong những "
     "đơn vị hoàn thành kế hoạch thu BHXH sớm nhất; tỷ lệ nợ đọng BHYT, BHXH thấp, số nợ BHXH hằng năm đều giảm."),
    (FindingKind.STRENGTH, "Rất tích cực trong công tác phòng, chống dịch; một số mô hình đã lan tỏa toàn Thành phố "
     "như mô hình “Vùng xanh” trong phòng chống dịch Covid-19; giáo dục là điểm sáng của Thành phố."),
    (FindingKind.STRENGTH, "Sự chuẩn bị nghiêm túc, trách nhiệm của quận cho buổi làm việc với Đoàn giám sát."),
    (FindingKind.LIMITATION, "Dân số tăng nhanh; hạ tầng, hạ tầng xã hội thiếu sự đồng bộ trong quy hoạch xây dựng "
     "trường lớp, trạm y tế trong khi phát triển nhiều về dự án nhà ở xã hội, dẫn đến sự thiếu đồng bộ."),
    (FindingKind.DIFFICULTY, "Tăng dân số cơ học lớn vượt quy hoạch phân khu của Thành phố mà Chính phủ đã phê "
     "duyệt."),
    (FindingKind.DIFFICULTY, "Trên địa bàn quận còn 62 trường ngoài công lập chưa xây dựng; quận đã thường xuyên báo "
     "cáo Thành phố để có hướng chỉ đạo tháo gỡ."),
    (FindingKind.DIFFICULTY, "Chỉ tiêu xây dựng trường chuẩn quốc gia: quận đang tập trung các giải pháp để phấn đấu "
     "tăng tỷ lệ đạt chuẩn, đạt chỉ tiêu đã đề ra; một số trạm y tế xuống cấp, hư hỏng cần cải tạo, sửa chữa, xây "
     "mới."),
    (FindingKind.CAUSE, "Quận đã huy động được sự vào cuộc của hệ thống cấp ủy và sự ủng hộ, đồng thuận của người "
     "dân; chú trọng triển khai thực hiện giám sát, kiểm tra thường xuyên."),
)

# The six requests of the head's conclusion, in the order she made them.
REQUESTS = (
    "Làm rõ hơn về phát triển công nghiệp văn hóa; quan tâm đảm bảo trật tự, an ninh xã hội.",
    "Tăng cường công tác tuyên truyền để người dân hiểu và cùng tham gia thực hiện các chính sách liên quan đến an "
    "sinh xã hội, nâng cao phúc lợi xã hội, chất lượng đời sống của Nhân dân.",
    "Tiếp tục rà soát các tiêu chí đảm bảo an sinh xã hội, nhất là những tiêu chí chưa đạt.",
    "Tiếp tục thực hiện đồng bộ các giải pháp tạo việc làm, ổn định đời sống người dân.",
    "Đẩy mạnh công tác cải cách hành chính, thực hiện phân cấp ủy quyền mạnh hơn.",
    "Thực hiện tốt Chỉ thị số 24-CT/TU về “Tăng cường kỷ cương, kỷ luật và trách nhiệm giải quyết công việc trong hệ "
    "thống chính trị thành phố Hà Nội”, nhất là trong thực hiện chính sách an sinh xã hội.",
)
# The unit's petitions; the report says only what they are about.
PETITIONS = (
    "Kiến nghị của quận liên quan vấn đề đánh giá trường chuẩn.",
    "Kiến nghị của quận về xây dựng bệnh viện của quận.",
)
HEAD_RESPONSE = ("Trưởng Đoàn giám sát, Phó Bí thư Thường trực Thành ủy Nguyễn Thị Tuyến yêu cầu quan tâm, rà soát "
                 "lại quy hoạch của quận để sớm thực hiện.")


def _sample_visit_exists(store: Store) -> bool:
    visit, unit = Visit.__table__, Unit.__table__  # tables: asked at start-up (ssdesk.models.read_meta)
    with store.read() as s:
        query = (select(visit.c.id).join(unit, visit.c.unit_id == unit.c.id)
                 .where(unit.c.name == DISTRICT_UNIT, visit.c.starts_at == SAMPLE_STARTS_AT).limit(1))
        return s.execute(query).first() is not None


def holds_sample(store: Store) -> bool:
    """Whether ``store`` holds the sample working session: the app marks such a file as sample data, so that nobody
    records real work in it by mistake."""
    return _sample_visit_exists(store)


def build_demo(store: Store) -> str:
    """Write the sample working session and everything around it into ``store``; return the visit's id.

    One transaction: all of it or nothing. Refused (:class:`SsdeskError`) when the file already holds the sample
    visit, so running ``ssdesk demo`` twice on one file never duplicates it.
    """
    catalog, visits, recs = store.catalog, store.visits, store.recommendations
    with store.write():
        if _sample_visit_exists(store):
            raise SsdeskError(_("This case file already holds the sample working session of {day}; "
                                "it was not added again.").format(day=SAMPLE_STARTS_AT.strftime("%d/%m/%Y")))

        # -- programme and its indicators ---------------------------------------------------------------------
        programme = catalog.add_programme(
            PROGRAMME_CODE, PROGRAMME_TITLE, issuing_body=CITY_COMMITTEE, period_start=dt.date(2021, 1, 1),
            period_end=dt.date(2025, 12, 31),
            description="Quận Hoàng Mai triển khai Chương trình bằng Chương trình số 05-CTr/QU.")
        # Only figures whose target the report states or implies get an indicator with a target; the programme's own
        # numbering of its indicators is not in the report, so indicators carry no code.
        ind_bhyt = catalog.add_indicator(
            programme.id, "Tỷ lệ bao phủ bảo hiểm y tế", unit_of_measure="%", target="93,1%", target_value=93.1,
            period="2021-2025")
        ind_health = catalog.add_indicator(
            programme.id, "Số phường đạt tiêu chí quốc gia về y tế", unit_of_measure="phường", target="14/14 phường",
            target_value=14, period="2021-2025")
        # The report gives 100% for these three without stating a target: no target is invented.
        ind_housing = catalog.add_indicator(
            programme.id, "Tỷ lệ người dân có nhà ở đạt chuẩn theo quy định", unit_of_measure="%", period="2021-2025")
        ind_water = catalog.add_indicator(
            programme.id, "Tỷ lệ người dân được dùng nước sạch", unit_of_measure="%", period="2021-2025")
        ind_waste = catalog.add_indicator(
            programme.id, "Tỷ lệ rác thải được vận chuyển trong ngày", unit_of_measure="%", period="2021-2025")
        # Named by the district chairman as a target not yet reached; the report gives no figure for it.
        catalog.add_indicator(programme.id, "Tỷ lệ trường đạt chuẩn quốc gia", unit_of_measure="%",
                              period="2021-2025")

        # -- plan and delegation ------------------------------------------------------------------------------
        # Number of the plan and of the decision: not in the report; the illustrative numbers of domain.md §1.
        plan = catalog.add_plan(
            CITY_STANDING_BOARD,
            f"Giám sát việc thực hiện Chương trình số {PROGRAMME_CODE} của Thành ủy về “{PROGRAMME_TITLE}”",
            number="150-KH/TU", programme_id=programme.id)
        delegation = catalog.add_delegation(DELEGATION_NAME, CITY_STANDING_BOARD, decision_number="2345-QĐ/TU",
                                            plan_id=plan.id)
        persons: dict[str, str] = {}
        for name, title, organisation in (TUYEN, MEN, HUNG, GIANG, LINH, PHONG, TAM):
            persons[name] = catalog.add_person(name, title=title, organisation=organisation, note=PERSON_NOTE).id
        for (name, title, _org), role in DELEGATION_SIDE:
            catalog.add_member(delegation.id, persons[name], role, position=title)

        # -- units ----------------------------------------------------------------------------------------------
        city = catalog.add_unit(CITY_COMMITTEE, UnitKind.CITY_COMMITTEE, short_name="Thành ủy Hà Nội")
        district = catalog.add_unit(
            DISTRICT_UNIT, UnitKind.DISTRICT_COMMITTEE, short_name="Quận ủy Hoàng Mai", parent_id=city.id,
            valid_to=DISTRICT_LEVEL_ENDED,
            note="Cấp quận kết thúc hoạt động từ 01/07/2025 (chính quyền địa phương hai cấp).")
        # Illustrative successor: the report predates the reform; one ward committee stands for the wards that took
        # over the district's territory from 01/07/2025.
        ward = catalog.add_unit(
            "Ban Thường vụ Đảng ủy phường Hoàng Mai", UnitKind.WARD_COMMITTEE, short_name="Đảng ủy phường Hoàng Mai",
            parent_id=city.id, valid_from=DISTRICT_LEVEL_ENDED,
            note="Ví dụ minh họa: một trong các phường kế thừa địa bàn quận Hoàng Mai từ 01/07/2025.")
        catalog.add_succession(district.id, ward.id, SuccessionKind.SPLIT, effective_on=DISTRICT_LEVEL_ENDED)

        # -- the working session ------------------------------------------------------------------------------
        visit = visits.create(
            delegation_id=delegation.id, unit_id=district.id, programme_id=programme.id,
            title=f"Làm việc với {DISTRICT_UNIT} về thực hiện Chương trình số {PROGRAMME_CODE}",
            starts_at=SAMPLE_STARTS_AT, ends_at=SAMPLE_ENDS_AT, place=SAMPLE_PLACE, form=VisitForm.THEMATIC,
            agenda=("1. Ban Thường vụ Quận ủy Hoàng Mai báo cáo kết quả thực hiện Chương trình số 08-CTr/TU.\n"
                    "2. Thành viên Đoàn giám sát trao đổi; lãnh đạo quận giải trình, làm rõ.\n"
                    "3. Trưởng Đoàn giám sát phát biểu kết luận."),
            report_summary=REPORT_SUMMARY, indicators_met=23, indicators_total=27, explanation=EXPLANATION,
            conclusion=CONCLUSION, related_documents=RELATED_DOCUMENTS)

        attendees: dict[str, str] = {}
        for (name, title, organisation), role in DELEGATION_SIDE:
            attendees[name] = visits.add_attendee(
                visit.id, name, Side.DELEGATION, title=title, organisation=organisation, person_id=persons[name],
                delegation_role=role, presides=role is MemberRole.HEAD).id
        for name, title, organisation in UNIT_SIDE:
            attendees[name] = visits.add_attendee(visit.id, name, Side.UNIT, title=title, organisation=organisation,
                                                  person_id=persons[name]).id

        _add_results(store, visit.id, ind_bhyt.id, ind_health.id, ind_housing.id, ind_water.id, ind_waste.id)

        for (name, title, _org), kind, text in STATEMENTS:
            visits.add_statement(visit.id, name, text, speaker_title=title, attendee_id=attendees[name], kind=kind)
        for finding_kind, finding_text in FINDINGS:
            visits.add_finding(visit.id, finding_kind, finding_text)

        # -- recommendations ------------------------------------------------------------------------------------
        # Deadline of the requests: not in the report, illustrative.
        request_ids = []
        for i, text in enumerate(REQUESTS, start=1):
            request_ids.append(recs.add(
                visit.id, direction=Direction.REQUEST, ref=str(i), text=text, addressee=DISTRICT_UNIT,
                responsible_unit_id=district.id, deadline=REQUEST_DEADLINE).id)
        for j, text in enumerate(PETITIONS, start=len(REQUESTS) + 1):
            petition = recs.add(visit.id, direction=Direction.PETITION, ref=f"KN{j - len(REQUESTS)}", text=text,
                                addressee=CITY_STANDING_BOARD)
            recs.add_progress(petition.id, date=SAMPLE_STARTS_AT.date(), note=HEAD_RESPONSE,
                              reporter=TUYEN[0])
        # One follow-up step, to show a history: illustrative, not in the report (the note says so).
        recs.change_status(
            request_ids[1], RecStatus.IN_PROGRESS, date=dt.date(2024, 4, 15), reporter="Quận ủy Hoàng Mai",
            note="(Ví dụ minh họa, không có trong bài báo nguồn) Báo cáo tiến độ: quận đã triển khai kế hoạch tuyên "
                 "truyền các chính sách an sinh xã hội tới các phường.")

        for state in (VisitState.HELD, VisitState.MINUTES_DRAFTED, VisitState.CONCLUDED):
            visits.set_state(visit.id, state)
    return visit.id


def _add_results(store: Store, visit_id: str, ind_bhyt: str, ind_health: str, ind_housing: str, ind_water: str,
                 ind_waste: str) -> None:
    """Every figure the unit reported, as written (``reported``) and as a number (``reported_value``)."""
    add = store.visits.add_indicator_result
    add(visit_id, label="Số chỉ tiêu của Chương trình đạt và vượt kế hoạch", reported="23/27 chỉ tiêu",
        reported_value=23, unit_of_measure="chỉ tiêu",
        note="27 chỉ tiêu, 23 đạt và vượt kế hoạch; bài báo không nêu 4 chỉ tiêu chưa đạt.")
    add(visit_id, label="Lượt người được hỗ trợ vay vốn từ Quỹ quốc gia về việc làm", reported="14.740 lượt người",
        reported_value=14740, unit_of_measure="lượt người")
    add(visit_id, label="Tổng số tiền cho vay từ Quỹ quốc gia về việc làm", reported="hơn 430 triệu đồng",
        reported_value=430, unit_of_measure="triệu đồng", note="Bài báo ghi “hơn 430 triệu đồng”; giá trị là mức "
        "tối thiểu.")
    add(visit_id, label="Số lao động được giải quyết việc làm", reported="18.389 lao động", reported_value=18389,
        unit_of_measure="lao động")
    add(visit_id, label="Số người tham gia BHYT (tháng 12/2023)", reported="333.053 người", reported_value=333053,
        unit_of_measure="người")
    add(visit_id, label="Mức tăng số người tham gia BHYT so với cùng kỳ năm 2021", reported="11,7%",
        reported_value=11.7, unit_of_measure="%")
    add(visit_id, indicator_id=ind_bhyt, reported="94,1%", reported_value=94.1, achieved=True,
        note="Chỉ tiêu 93,1% được suy ra: bài báo ghi 94,1% “vượt 1% so với chỉ tiêu được Thành phố giao” "
             "(hiểu là 1 điểm phần trăm).")
    add(visit_id, label="Hộ nghèo năm 2021", reported="76 hộ với 222 nhân khẩu", reported_value=76,
        unit_of_measure="hộ")
    add(visit_id, label="Hộ nghèo đến tháng 6/2023", reported="0 hộ (đã xoá hết hộ nghèo)", reported_value=0,
        unit_of_measure="hộ")
    add(visit_id, label="Hộ cận nghèo đến tháng 12/2023", reported="75 hộ với 199 nhân khẩu", reported_value=75,
        unit_of_measure="hộ", note="Năm 2021: 180 hộ với 575 nhân khẩu.")
    add(visit_id, label="Hộ cận nghèo năm 2021", reported="180 hộ với 575 nhân khẩu", reported_value=180,
        unit_of_measure="hộ")
    add(visit_id, label="Hộ nghèo, cận nghèo được hỗ trợ vay vốn (2021 - 2023)", reported="21 hộ", reported_value=21,
        unit_of_measure="hộ")
    add(visit_id, label="Số tiền cho hộ nghèo, cận nghèo vay (2021 - 2023)", reported="454 triệu đồng",
        reported_value=454, unit_of_measure="triệu đồng")
    add(visit_id, label="Học sinh được hỗ trợ chi phí học tập và học phí", reported="27 trường hợp",
        reported_value=27, unit_of_measure="trường hợp",
        note="Học sinh tiểu học, THCS, Trung tâm giáo dục thường xuyên đang theo học.")
    add(visit_id, label="Thẻ BHYT cấp cho người thuộc hộ nghèo", reported="405 thẻ", reported_value=405,
        unit_of_measure="thẻ")
    add(visit_id, label="Thẻ BHYT cấp cho người thuộc hộ cận nghèo", reported="1.244 thẻ", reported_value=1244,
        unit_of_measure="thẻ")
    full = "Bài báo không nêu chỉ tiêu; 100% là mức tối đa nên đạt mọi chỉ tiêu có thể đặt ra."
    add(visit_id, indicator_id=ind_housing, reported="100%", reported_value=100, achieved=True, note=full)
    add(visit_id, indicator_id=ind_water, reported="100%", reported_value=100, achieved=True, note=full)
    add(visit_id, indicator_id=ind_waste, reported="100%", reported_value=100, achieved=True, note=full)
    add(visit_id, label="Trường học xây mới (2021 - 2023)", reported="4 trường", reported_value=4,
        unit_of_measure="trường")
    add(visit_id, label="Trường xây dựng lại (2021 - 2023)", reported="5 trường", reported_value=5,
        unit_of_measure="trường")
    add(visit_id, label="Trường được cải tạo, đầu tư thiết bị (2021 - 2023)", reported="30 trường", reported_value=30,
        unit_of_measure="trường")
    add(visit_id, label="Kinh phí xây mới, xây dựng lại, cải tạo trường học (2021 - 2023)",
        reported="trên 1.730 tỷ đồng", reported_value=1730, unit_of_measure="tỷ đồng",
        note="Bài báo ghi “trên 1.730 tỷ đồng”; giá trị là mức tối thiểu.")
    add(visit_id, label="Dự án đang triển khai", reported="35 dự án", reported_value=35, unit_of_measure="dự án")
    add(visit_id, label="Trường xây mới trong các dự án đang triển khai", reported="19 trường", reported_value=19,
        unit_of_measure="trường")
    add(visit_id, label="Dự án xây mới dự kiến hoàn thành đến năm 2025", reported="12 dự án", reported_value=12,
        unit_of_measure="dự án")
    add(visit_id, indicator_id=ind_health, reported="14/14 phường", reported_value=14, achieved=True,
        note="Quận ban hành kế hoạch duy trì 14/14 phường đạt tiêu chí quốc gia về y tế và mô hình trạm y tế điểm.")
