"""Believable free text in several scripts, so that privacy and encoding are tested for real.

Case summaries may name people: that is exactly why they are dropped at ingest.
"""

from __future__ import annotations

import numpy as np

CASE_SUMMARIES: tuple[str, ...] = (
    "Volunteer reported threats after editing an article on local elections; contact {name}.",
    "Editor {name} received repeated harassing messages from an account outside the project.",
    "Request to disclose account data of {name}, reviewed against the human rights standard.",
    "Ыктыярчы {name} шайлоо тууралуу макаланы оңдогондон кийин коркутуулар алганын билдирди.",
    "Окурман балдардын коопсуздугуна байланыштуу бөлүмдү өзгөртүүнү суранды; {name} менен байланыш.",
    "Кызматкер {name} үчүн коопсуздук колдоосу уюштурулду, түнкү кезметте көрүлдү.",
    "أبلغ المتطوع {name} عن تهديدات بعد تحرير مقال عن الانتخابات المحلية.",
    "طلب الكشف عن بيانات حساب {name} ورُفض لتعارضه مع معايير حقوق الإنسان.",
    "Un bénévole, {name}, signale une surveillance de ses communications.",
)

NAMES: tuple[str, ...] = (
    "Aigerim Sadykova",
    "Айгүл Асанова",
    "Нурлан Өмүрбеков",
    "Бүбүсара Ңазарова",
    "فاطمة الزهراء",
    "Omar Haddad",
    "Lucía Fernández",
    "Chidi Okafor",
    "Mei Lin",
)

SUBJECT_NAMES: tuple[str, ...] = (
    "Machine translation feature",
    "Account recovery flow",
    "Recommendation ranking for new editors",
    "Edit filter for harassment",
    "Ыктыярчылар үчүн эскертүү куралы",
    "Өнүмдүн жаңы бөлүмү: сүрөт жүктөө",
    "Түрк тилдүү жамааттар үчүн грант",
    "منحة المعرفة الحرة",
    "حملة الكتابة عن النساء",
    "Regional community conference",
    "Campaign for women in science",
    "Automated vandalism scoring model",
)


def case_summaries(rng: np.random.Generator, n: int) -> list[str]:
    templates = rng.integers(0, len(CASE_SUMMARIES), n)
    names = rng.integers(0, len(NAMES), n)
    return [CASE_SUMMARIES[t].format(name=NAMES[m]) for t, m in zip(templates, names, strict=True)]


def subject_names(rng: np.random.Generator, n: int) -> list[str]:
    picks = rng.integers(0, len(SUBJECT_NAMES), n)
    serial = rng.integers(1, 99, n)
    return [f"{SUBJECT_NAMES[p]} #{s}" for p, s in zip(picks, serial, strict=True)]
