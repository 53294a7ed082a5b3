"""Interactive tools, one module each. Each tool is thin: it builds controls and calls the
domain layer; shown in a notebook it renders as a live widget in JupyterLab and as a static
HTML snapshot of its state everywhere else (GitHub, exported pages, slides without a kernel)."""

from opsbook.widgets.checkpoint_quiz import CheckpointQuiz
from opsbook.widgets.daily_review import DailyReview
from opsbook.widgets.event_replay import EventReplay
from opsbook.widgets.event_timeline import EventTimeline
from opsbook.widgets.fission_calculator import FissionCalculator
from opsbook.widgets.gmv_calculator import GmvCalculator
from opsbook.widgets.hand_in_watch import HandInWatch
from opsbook.widgets.membership_threshold import MembershipThreshold
from opsbook.widgets.model_chooser import ModelChooser
from opsbook.widgets.org_explorer import OrgExplorer
from opsbook.widgets.plan_builder import PlanBuilder
from opsbook.widgets.pricing_simulator import PricingSimulator
from opsbook.widgets.self_assessment import SelfAssessment
from opsbook.widgets.target_tree import TargetTree

__all__ = [
    "CheckpointQuiz",
    "DailyReview",
    "EventReplay",
    "EventTimeline",
    "FissionCalculator",
    "GmvCalculator",
    "HandInWatch",
    "MembershipThreshold",
    "ModelChooser",
    "MyDataWorksheet",
    "OrgExplorer",
    "PlanBuilder",
    "PricingSimulator",
    "SelfAssessment",
    "TargetTree",
]


def __getattr__(name: str):
    """The my_data tool is loaded when asked for: its import engine (DuckDB, pyarrow) stays out
    of every chapter's start-up."""
    if name == "MyDataWorksheet":
        from opsbook.widgets.my_data_worksheet import MyDataWorksheet

        return MyDataWorksheet
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
