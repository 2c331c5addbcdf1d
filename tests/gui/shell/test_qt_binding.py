"""The installed Qt binding must not corrupt reference counts in the calls the console (and pyqtgraph) make.

PySide6 6.12.0 drops a reference to None on every QObject.property() of an unset property; pyqtgraph does
that on each setData, and the console died with "none_dealloc" within a minute (pinned out in pyproject).
"""

import sys

from PySide6.QtCore import QObject


def test_reading_an_unset_property_keeps_none_alive(qapp):
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(1000):
        assert obj.property("never_set") is None
    assert sys.getrefcount(None) - before > -100
