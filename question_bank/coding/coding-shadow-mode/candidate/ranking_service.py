"""Ranking endpoint handler. The HTTP layer calls RankingService.handle(request)."""
from models import FEATURES_VERSION


class RankingService:
    def __init__(self, primary, logger, candidate=None):
        self.primary = primary
        self.logger = logger
        self.candidate = candidate

    def handle(self, request):
        items = self.primary.rank(request["features"])
        response = {"request_id": request["request_id"], "items": items, "model_version": self.primary.version}
        if self.candidate is not None:
            try:
                shadow = self.candidate.rank(request["features"])
                self.logger.log({"request_id": request["request_id"], "primary": items, "candidate": shadow})
            except Exception:
                pass
        return response
