"""UI language.  Chinese is the source language of every string (tr()/QCoreApplication.translate with Chinese
source text), so 'zh' needs no catalogue of ours; 'en' loads resources/i18n/console_en.qm.

Regenerate after changing strings::

    .venv/bin/pyside6-lupdate console/widgets/*.py console/views/*.py console/shell/screens.py \
        -ts resources/i18n/console_en.ts
    .venv/bin/pyside6-lrelease resources/i18n/console_en.ts -qm resources/i18n/console_en.qm

``statistics_en.ts`` (the statistics pages translate through a helper lupdate does not see) and ``replay_en.ts``
are kept by hand, as are ``console_en_alarms.ts`` (-> ``alarms_en.qm``), ``escalation_en.ts`` and
``supervision_en.ts`` (each: ``pyside6-lrelease X.ts -qm X.qm``);
``tests/gui/widgets/test_replay_statistics_english.py`` finds any literal handed to the translator that no
catalogue holds.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from console.resources import resource

I18N_DIR = resource("i18n")
LANGUAGES = ("zh", "en")


def install_translator(app: QApplication, lang: str = "zh") -> list[QTranslator]:
    """Install the translators for ``lang`` ('zh' default, or 'en') on ``app``; returns them (kept on the app).

    Also loads Qt's own catalogue (standard dialog buttons) for that language when Qt ships one.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown UI language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    for old in getattr(app, "_console_translators", []):
        app.removeTranslator(old)
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    locale = "zh_CN" if lang == "zh" else "en_US"
    # by locale (zh_Hans_CN, zh_CN, zh…), else the file by its name: Qt's own dialogs (file chooser, message
    # box buttons) must speak the console's language, not the desktop's
    if qt.load(QLocale(locale), "qtbase", "_", qt_dir) or qt.load(f"qtbase_{locale}", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    # our catalogues for the language: English for every interface string (console_en.qm, alarms_en.qm …);
    # Chinese only where Qt's own catalogue lacks a string of its dialogs (qtdialogs_zh.qm)
    catalogues = sorted(I18N_DIR.glob(f"*_{lang}.qm"))
    if lang == "en" and not catalogues:
        raise FileNotFoundError(f"no translation catalogue *_{lang}.qm in {I18N_DIR}")
    for qm in catalogues:
        ours = QTranslator(app)
        if not ours.load(str(qm)):
            raise OSError(f"unreadable translation catalogue {qm}")
        app.installTranslator(ours)
        installed.append(ours)
    app._console_translators = installed
    return installed
