"""监督工作 and the supervision actions on the other windows.

One module per tab of the view, on the base that holds what they share (``base``): ``rectifications`` (整改:
countdown light, answer, verify, cancel), ``complaints`` (投诉: register, acceptance, investigation notes,
extension, 四不放过 with evidence, reply, call-back, close), ``limits`` (时限清理: the limits audit and the
administrator's limit change), ``reports`` (报表: period + scope → figures and ranking, XLSX/PDF export),
``operators`` (值班员: add, unlock, role, active); ``view`` puts them together.  ``actions`` holds the
role-gated actions that start from an alarm or a case, offered on the alarm dialogs (explicit hooks),
under the alarm queue (``queue_bar``) and under the drill-down (``drilldown_panel``).

Widgets never query: every load and write is a ``controller.run_request`` of a ``SupervisionClient`` method,
answered on the GUI thread.  Buttons are gated by the logged-in role (``console.widgets.gate``) and the back
end checks again.  Complaint deadlines show their own blue/yellow/red lights here; the wall's Snapshot carries
only their counts.
"""

from console.views.supervision.actions import SupervisionActions
from console.views.supervision.complaints import ComplaintsTab
from console.views.supervision.drilldown_panel import DrilldownSupervisionPanel
from console.views.supervision.limits import LimitsTab
from console.views.supervision.operators import OperatorsTab
from console.views.supervision.queue_bar import AlarmQueueBar
from console.views.supervision.rectifications import RectificationsTab
from console.views.supervision.reports import ReportsTab
from console.views.supervision.view import SupervisionView

__all__ = [
    "AlarmQueueBar",
    "ComplaintsTab",
    "DrilldownSupervisionPanel",
    "LimitsTab",
    "OperatorsTab",
    "RectificationsTab",
    "ReportsTab",
    "SupervisionActions",
    "SupervisionView",
]
