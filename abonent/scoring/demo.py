"""Demo step: train the risk models on the demo operator's history and score its active base."""

from .models import RiskScore, ScoringModel, ScoringRun
from .services import execute_run

ORDER = 90


def load(ctx) -> dict[str, int]:

    run = ScoringRun.objects.create(train=True, scored_on=ctx.today, source="demo", user=ctx.users.get("analyst"))
    execute_run(run)
    if run.status != "succeeded":
        ctx.log(f"Risk scoring failed: {run.message}")
        return {"risk scores": 0}
    m = run.model.metrics
    ctx.log(
        f"Risk model v{run.model.version}: AUC {m.get('auc')}, top-decile lift {m.get('top_decile_lift')} "
        f"(base rate {m.get('base_rate')}); {run.scored} subscribers scored."
    )
    return {"risk models": 2, "risk scores": run.scored}


def operator_models() -> list:

    return [RiskScore, ScoringRun, ScoringModel]
