"""The demo content that ``manage.py load_demo_content`` loads: sober, invented policy publications."""

import datetime
from dataclasses import dataclass

from django.utils.html import escape

# Authors cited as written, not as "Last, F."
ORGANISATION_AUTHORS = {"CUFA BC Research Committee"}

HOME_INTRO = (
    "Research and policy analysis on post-secondary education in British Columbia, from the faculty "
    "associations of the province’s research universities."
)
INDEX_INTRO = (
    "Reports, briefs and submissions on the funding, governance and work of BC’s research universities. "
    "Filter them by type, topic or year."
)
ABOUT = (
    "The faculty associations of British Columbia’s research universities work together to represent faculty "
    "and librarians to government and the public. Our research and policy analysis supports adequate public "
    "funding, collegial governance and academic freedom. Our publications are free to read and share."
)

TOPIC_COLOURS = {
    "Micro-credentials": "#1d4e89",
    "Post-secondary funding": "#0f6b5c",
    "Research universities": "#5b2a86",
    "Academic governance": "#8a3b12",
    "Labour and workforce": "#7a1f3d",
    "Equity and inclusion": "#2f5f1f",
}


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    value_format: str
    bars: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Publication:
    title: str
    summary: str
    topics: tuple[str, ...]
    body: tuple[dict, ...]
    date: datetime.date | None = None
    cover_description: str = ""
    authors: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{escape(text)}</p>"}


def summary(text):
    return {"type": "summary", "value": text}


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def quote(text, attribution="Excerpt"):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def explore(*items, introduction="Download our paper to explore:"):
    return {"type": "explore", "value": {"introduction": introduction, "items": list(items)}}


def figure(chart, caption):
    """An image block; the loader draws ``chart`` and puts the stored image in its place."""
    return {"type": "image", "value": {"image": chart, "caption": caption}}


SERIES = Publication(
    title="Funding for Success: Post-Secondary Education in BC (Consolidated Brief Series)",
    summary=(
        "A timely series that aims to inform and guide BC’s review of post-secondary funding. Explore the core "
        "principles, evidence, and values that we believe should be prioritized in the review process."
    ),
    topics=("Post-secondary funding",),
    authors=("CUFA BC Research Committee",),
    body=(
        summary(
            "The province has committed to reviewing how it funds public post-secondary institutions. This series "
            "sets out, one brief a week, what we believe the review should achieve and the evidence behind it."
        ),
        paragraph(
            "Each brief stands on its own and takes up one question: how the current formula came about, what "
            "teaching and research really cost, how tuition and student aid fit together, and how far institutions "
            "have come to rely on revenue they do not control. The series closes with principles for a new model."
        ),
        explore(
            "How BC’s operating grants are allocated today",
            "The gap between funded and actual costs",
            "The effect of tuition policy on access and on institutional budgets",
            "Principles for an adequate, predictable and transparent funding model",
            introduction="Across the series we explore:",
        ),
    ),
)

BRIEFS = (
    Publication(
        title="Funding for Success, Brief 1: Why the Funding Formula Needs Review",
        summary=(
            "BC’s operating grants still follow allocations set decades ago. This brief explains how the current "
            "approach works and why a review is overdue."
        ),
        topics=("Post-secondary funding",),
        body=(
            paragraph(
                "Most of each university’s provincial operating grant is carried forward from the year before, "
                "adjusted for negotiated wage increases and a small number of targeted programs. Allocations "
                "therefore reflect enrolment patterns and priorities from decades ago rather than current needs."
            ),
            heading("What a review should ask"),
            paragraph(
                "A review should start from what the province expects of its universities — teaching, research and "
                "service to communities — and ask whether the funding they receive is sufficient to deliver it."
            ),
        ),
    ),
    Publication(
        title="Funding for Success, Brief 2: Stable Operating Grants",
        summary=(
            "Year-to-year uncertainty in provincial grants makes long-term academic planning difficult. We propose "
            "multi-year funding commitments indexed to real costs."
        ),
        topics=("Post-secondary funding", "Academic governance"),
        body=(
            paragraph(
                "Academic programs take years to design, staff and graduate their first students. When grants are "
                "confirmed only weeks before the fiscal year begins, institutions plan conservatively and rely on "
                "short-term appointments."
            ),
            quote(
                "Predictable funding is not a luxury for universities; it is the condition for hiring faculty, "
                "renewing programs and keeping commitments to students."
            ),
            paragraph(
                "We recommend three-year funding letters, indexed to the cost increases institutions actually face, "
                "with any targeted funding added on top of a stable base."
            ),
        ),
    ),
    Publication(
        title="Funding for Success, Brief 3: The Real Cost of Teaching and Research",
        summary=(
            "Per-student funding has not kept pace with inflation or with the cost of delivering programs. This brief "
            "compares funded and actual costs across program areas."
        ),
        topics=("Post-secondary funding", "Research universities"),
        body=(
            paragraph(
                "Measured in constant dollars, the provincial grant for each funded student has fallen over the past "
                "two decades, while the cost of laboratories, libraries, digital infrastructure and compliance has "
                "risen."
            ),
            figure(
                Chart(
                    title="Operating grant per funded student, constant dollars",
                    description="Bar chart: the operating grant per funded student falls from 2005 to 2025.",
                    value_format="${:g}k",
                    bars=(("2005", 12.4), ("2010", 11.9), ("2015", 11.1), ("2020", 10.6), ("2025", 10.2)),
                ),
                "Operating grant per funded student in thousands of 2025 dollars (illustrative figures).",
            ),
            paragraph(
                "Research-intensive programs carry costs that enrolment-based funding does not recognize, including "
                "the indirect costs of federally funded research that federal programs cover only in part."
            ),
        ),
    ),
    Publication(
        title="Funding for Success, Brief 4: Tuition, Affordability and Access",
        summary=(
            "Tuition limits protect domestic students but shift financial pressure elsewhere. We examine how tuition "
            "policy and student aid interact with institutional budgets."
        ),
        topics=("Post-secondary funding", "Equity and inclusion"),
        body=(
            paragraph(
                "Since 2005, annual increases in domestic tuition have been limited to two per cent. The limit has "
                "kept university study within reach for many families, but it was not matched by grant increases."
            ),
            heading("Access depends on more than tuition"),
            paragraph(
                "Living costs, housing near campus and the availability of needs-based grants weigh as heavily on "
                "students’ decisions as tuition. Affordability policy should consider them together."
            ),
        ),
    ),
    Publication(
        title="Funding for Success, Brief 5: Reliance on International Tuition",
        summary=(
            "International tuition has filled budget gaps, but federal limits on study permits show the risk. This "
            "brief looks at how to reduce that dependence."
        ),
        topics=("Post-secondary funding",),
        body=(
            paragraph(
                "International students enrich BC’s universities, and their tuition now supports a large share of "
                "operating budgets. That revenue depends on immigration policy, exchange rates and global demand, "
                "none of which institutions control."
            ),
            paragraph(
                "Public funding should cover the public mission, so that international enrolment can be planned for "
                "its academic value rather than to balance the budget."
            ),
        ),
    ),
    Publication(
        title="Funding for Success, Brief 6: Principles for a New Funding Model",
        summary=(
            "The final brief draws the series together into principles for the review: adequacy, predictability, "
            "transparency and respect for institutional autonomy."
        ),
        topics=("Post-secondary funding", "Academic governance"),
        body=(
            paragraph(
                "A new funding model should be adequate to the mission the province sets, predictable enough to plan "
                "by, transparent in how allocations are made, and respectful of the autonomy of universities."
            ),
            explore(
                "Adequate base funding tied to real costs",
                "Multi-year commitments and indexation",
                "Published, understandable allocation criteria",
                "Collegial governance of academic priorities",
                introduction="The principles in brief:",
            ),
        ),
    ),
)

PUBLICATIONS = (
    Publication(
        title="An Overview of BC’s Post-Secondary Education Funding",
        date=datetime.date(2020, 6, 8),
        summary=(
            "An essential overview of sources, models, and mechanisms for funding post-secondary education in BC. "
            "Explore the historical investment in universities and the capacity for change."
        ),
        topics=("Post-secondary funding",),
        authors=("CUFA BC Research Committee",),
        body=(
            summary(
                "Public universities in BC draw on four main sources of operating revenue: the provincial grant, "
                "domestic tuition, international tuition, and a mix of smaller sources such as investment income."
            ),
            figure(
                Chart(
                    title="Sources of operating revenue",
                    description="Bar chart of the shares of operating revenue from grants, tuition and other sources.",
                    value_format="{:g}%",
                    bars=(
                        ("Provincial grant", 48),
                        ("International tuition", 26),
                        ("Domestic tuition", 20),
                        ("Other", 6),
                    ),
                ),
                "Sources of operating revenue at a typical BC research university, per cent (illustrative figures).",
            ),
            heading("How the grant is allocated"),
            paragraph(
                "The provincial grant is allocated to each institution largely on a historical basis, with funded "
                "seat targets for particular programs. Capital projects and research infrastructure are funded "
                "separately, often with federal and private partners."
            ),
            heading("Capacity for change", level="h3"),
            paragraph(
                "Because most costs are salaries set through collective agreements, institutions have limited room "
                "to absorb shortfalls without reducing course offerings or relying on short-term appointments."
            ),
        ),
    ),
    Publication(
        title="Meet BC’s Research Universities",
        date=datetime.date(2020, 10, 19),
        summary=(
            "An eye-opening introduction to five universities in BC and their contributions to social, economic, and "
            "technological innovation. See key facts and figures about their history, funding, and research."
        ),
        topics=("Research universities",),
        body=(
            paragraph(
                "The University of British Columbia, Simon Fraser University, the University of Victoria, the "
                "University of Northern British Columbia and Royal Roads University differ in size, history and "
                "mission, but share a commitment to research-informed teaching."
            ),
            heading("Beyond the campus"),
            paragraph(
                "Their research reaches into health care, forestry, clean technology, Indigenous language "
                "revitalization and public policy, and their graduates work in every region of the province."
            ),
            explore(
                "The founding and growth of each university",
                "Enrolment, faculty and funding at a glance",
                "Research strengths and partnerships in the regions",
            ),
        ),
    ),
    Publication(
        title="Precarious Work in the Academy: Sessional Faculty in BC",
        date=datetime.date(2019, 4, 23),
        summary=(
            "A growing share of university teaching is done by faculty on short-term contracts. We look at what this "
            "means for instructors, for students and for the quality of education."
        ),
        topics=("Labour and workforce", "Equity and inclusion"),
        body=(
            summary(
                "Sessional instructors teach a substantial share of undergraduate courses in BC, often on contracts "
                "renewed term by term, with limited access to benefits, offices or research support."
            ),
            paragraph(
                "Precarious appointments make it harder for instructors to plan their lives and careers, and harder "
                "for students to find the same instructor for advice or a reference after the term ends."
            ),
            explore(
                "How sessional appointments have grown over two decades",
                "Pay and working conditions compared with continuing faculty",
                "Pathways to more secure appointments",
            ),
        ),
    ),
    Publication(
        title="Collegial Governance and the Role of University Senates",
        date=datetime.date(2019, 10, 8),
        summary=(
            "BC’s University Act gives senates authority over academic matters. This paper reviews how that authority "
            "is exercised and where it is under pressure."
        ),
        topics=("Academic governance",),
        body=(
            paragraph(
                "Under the University Act, boards of governors manage the business affairs of a university while "
                "senates govern its academic affairs, including curriculum, admissions and the granting of degrees."
            ),
            quote(
                "Bicameral governance works when each body respects the other’s role, and when academic decisions "
                "are made by those who teach and do research."
            ),
            paragraph(
                "Rapid program development, new credential types and external partnerships all test the balance. "
                "We recommend that senates be consulted early, with the time and information to decide well."
            ),
        ),
    ),
    Publication(
        title="Academic Freedom on a Changing Campus",
        date=datetime.date(2022, 3, 15),
        summary=(
            "Academic freedom protects teaching, research and public commentary. We consider new pressures on it, "
            "from online harassment to institutional communications policies."
        ),
        topics=("Academic governance", "Labour and workforce"),
        body=(
            paragraph(
                "Academic freedom is the freedom to teach, research and speak on matters of public interest without "
                "institutional censorship. It is protected in collective agreements and in university policies."
            ),
            heading("New pressures"),
            paragraph(
                "Faculty who speak publicly increasingly face coordinated online harassment. Universities should "
                "support them, and communications policies should not be used to limit legitimate comment."
            ),
        ),
    ),
    Publication(
        title="Equity in Faculty Hiring: Progress and Gaps",
        date=datetime.date(2022, 9, 27),
        summary=(
            "Universities have adopted equity plans for faculty hiring. This paper reviews what has changed and "
            "where representation still lags."
        ),
        topics=("Equity and inclusion", "Labour and workforce"),
        body=(
            paragraph(
                "Employment equity programs, including those linked to federal research chairs, have made hiring "
                "processes more transparent. Progress has been uneven across disciplines and ranks."
            ),
            quote(
                "Equity in hiring is only the first step; retention, workload and recognition decide whether "
                "new colleagues stay."
            ),
            explore(
                "Representation of equity-deserving groups by rank",
                "Practices that have made search processes fairer",
                "Retention and the hidden workload of service",
            ),
        ),
    ),
    Publication(
        title="BC’s Share of Federal Research Funding",
        date=datetime.date(2023, 2, 14),
        summary=(
            "Federal research councils fund much of the research done at BC universities. We compare BC’s share with "
            "other provinces and ask what would help researchers compete."
        ),
        topics=("Research universities", "Post-secondary funding"),
        body=(
            paragraph(
                "Grants from the three federal research councils support graduate students, laboratories and "
                "research teams. Success rates depend in part on the time and support researchers have to apply."
            ),
            figure(
                Chart(
                    title="Federal council funding per full-time faculty member",
                    description="Bar chart comparing federal research funding per faculty member in four provinces.",
                    value_format="${:g}k",
                    bars=(("Quebec", 92), ("Ontario", 88), ("British Columbia", 81), ("Alberta", 74)),
                ),
                "Federal research council funding per full-time faculty member, thousands of dollars "
                "(illustrative figures).",
            ),
            paragraph(
                "Provincial matching funds and support for research offices help researchers compete. We recommend "
                "that the province restore a dedicated research fund."
            ),
        ),
    ),
    Publication(
        title="Faculty Workload After the Pandemic",
        date=datetime.date(2023, 6, 20),
        summary=(
            "The move to remote and hybrid teaching changed how faculty work. We report what faculty told us about "
            "workload, well-being and the support they need."
        ),
        topics=("Labour and workforce",),
        authors=("CUFA BC Research Committee",),
        body=(
            summary(
                "Teaching in several modes at once, supporting students in difficulty and catching up on delayed "
                "research have left many faculty with heavier workloads than before 2020."
            ),
            paragraph(
                "Workload is set through collective agreements and departmental practice. Where hybrid teaching "
                "continues, its additional preparation time should be recognized in workload assignments."
            ),
        ),
    ),
    Publication(
        title="International Enrolment and the Study Permit Cap",
        date=datetime.date(2024, 3, 5),
        summary=(
            "Federal limits on study permits have changed the outlook for international enrolment. We assess the "
            "effect on BC universities’ budgets and programs."
        ),
        topics=("Post-secondary funding", "Research universities"),
        body=(
            paragraph(
                "The federal cap on study permits, announced in January 2024, applies most strongly to colleges, "
                "but universities also face lower applications and greater uncertainty."
            ),
            heading("Budget exposure"),
            paragraph(
                "Institutions that rely most on international tuition are the most exposed. Stable public funding "
                "would reduce the need for program cuts when international enrolment falls."
            ),
        ),
    ),
    Publication(
        title="Micro-credentials Revisited: Lessons from Early Programs",
        date=datetime.date(2024, 10, 22),
        summary=(
            "Three years after the province’s micro-credential framework, we look at which programs have worked and "
            "what role faculty and senates have played."
        ),
        topics=("Micro-credentials", "Academic governance"),
        body=(
            paragraph(
                "Early micro-credential programs have been most successful where they grew from existing academic "
                "strengths and were reviewed through normal curriculum processes."
            ),
            quote(
                "Short programs still need the same care as degrees: clear learning outcomes, qualified instructors "
                "and honest information for students."
            ),
        ),
    ),
    Publication(
        title="Artificial Intelligence in Teaching and Assessment",
        date=datetime.date(2025, 5, 13),
        summary=(
            "Generative AI tools are now part of students’ and instructors’ work. We propose principles for their use "
            "that protect academic integrity and faculty autonomy."
        ),
        topics=("Academic governance", "Labour and workforce"),
        body=(
            paragraph(
                "Instructors are best placed to decide how AI tools may be used in their courses. Institutional "
                "policies should support that judgement rather than replace it."
            ),
            explore(
                "Principles for course-level AI policies",
                "Assessment design that values students’ own work",
                "Faculty intellectual property and AI training data",
                introduction="The paper covers:",
            ),
        ),
    ),
    Publication(
        title="Reading the 2026 Provincial Budget: Implications for Universities",
        date=datetime.date(2026, 3, 10),
        summary=(
            "The 2026 provincial budget holds university operating grants nearly flat. We summarize what it means "
            "for institutions, faculty and students."
        ),
        topics=("Post-secondary funding",),
        body=(
            paragraph(
                "Operating grants rise by less than the expected increase in costs, leaving institutions to find "
                "savings or new revenue in the coming year."
            ),
            paragraph(
                "We urge the province to complete its funding review and to make multi-year commitments so that "
                "universities can plan beyond a single budget cycle."
            ),
        ),
    ),
    Publication(
        title="Micro-Credentials & Their Academic Credibility at BC’s Research Universities",
        date=datetime.date(2021, 3, 1),
        summary=(
            "Micro-credentials offer new opportunities for university revenue, flexible learning, and workforce "
            "development. Learn how institutions can effectively integrate micro-credentials in their programming."
        ),
        topics=("Micro-credentials", "Research universities"),
        cover_description="Micro credentials cover",
        related=(
            SERIES.title,
            "Meet BC’s Research Universities",
            "An Overview of BC’s Post-Secondary Education Funding",
        ),
        body=(
            paragraph(
                "Micro-credentials are small units of educational achievement with a variety of pathways and "
                "purposes. Having long existed in industry, micro-credentials are now emerging as a new education "
                "strategy in the post-secondary sector."
            ),
            paragraph(
                "Institutions are increasingly using non-credit micro-credentials to allow students to gain new "
                "skills, pivot to new fields, and access education outside of formal programs. Micro-credentials also "
                "represent an alternative revenue stream for universities in the face of declining government "
                "funding, enrolment pressures, and economic uncertainty. Yet critics are cautious that for-credit "
                "micro-credentials may threaten the integrity of established degrees and academic missions."
            ),
            paragraph(
                "We believe that micro-credentials can be successfully introduced within the post-secondary sector "
                "— provided it’s done strategically and with proper oversight."
            ),
            explore(
                "How micro-credentials are currently being used in academia and the workforce",
                "The benefits and potential pitfalls of micro-credentials",
                "The critical role of faculty and university senates in the success of micro-credentials",
                "Effective strategies for applying micro-credentials within the post-secondary sector",
            ),
            quote(
                "If such programming is to come to higher education and be successful, then it has to fit within "
                "the academic mission and address real world market needs."
            ),
        ),
    ),
)
