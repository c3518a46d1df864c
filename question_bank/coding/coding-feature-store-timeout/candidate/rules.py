"""Rules score the fraud team agreed to use when the model cannot score (documented in the
fraud runbook). It uses only fields of the request itself, so it never needs the store."""


def rules_score(request):
    score = 0.05
    amount = float(request.get("amount", 0) or 0)
    if amount > 1000:
        score += 0.35
    elif amount > 250:
        score += 0.15
    if request.get("country") and request.get("card_country") and request["country"] != request["card_country"]:
        score += 0.3
    return min(score, 0.95)
