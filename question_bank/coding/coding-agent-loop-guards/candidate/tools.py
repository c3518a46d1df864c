"""Tools the account agent can call, over a fake billing backend.

BACKEND is module state so tests can make it slow or failing, and can see every refund that was
actually executed (BACKEND.refunds).
"""
import time


class Backend:
    def __init__(self):
        self.reset()

    def reset(self):
        self.accounts = {
            "ACC-1001": {"name": "Lena Vogel", "plan": "business", "balance_eur": 120.0},
            "ACC-1002": {"name": "Ravi Iyer", "plan": "starter", "balance_eur": 0.0},
        }
        self.invoices = {
            "ACC-1001": [{"id": "INV-77", "amount_eur": 240.0, "status": "paid"},
                         {"id": "INV-78", "amount_eur": 35.0, "status": "paid"}],
            "ACC-1002": [{"id": "INV-80", "amount_eur": 19.0, "status": "open"}],
        }
        self.refunds = []
        self.latency_s = 0.0
        self.fail_next = False

    def _io(self):
        if self.latency_s:
            time.sleep(self.latency_s)
        if self.fail_next:
            self.fail_next = False
            raise ConnectionError("billing backend unavailable")


BACKEND = Backend()


def lookup_account(account_id):
    BACKEND._io()
    if account_id not in BACKEND.accounts:
        return {"error": f"no account {account_id}"}
    return {"account_id": account_id, **BACKEND.accounts[account_id]}


def list_invoices(account_id, status=None):
    BACKEND._io()
    items = BACKEND.invoices.get(account_id, [])
    return [i for i in items if status is None or i["status"] == status]


def issue_refund(account_id, invoice_id, amount_eur, reason):
    BACKEND._io()
    BACKEND.refunds.append({"account_id": account_id, "invoice_id": invoice_id,
                            "amount_eur": amount_eur, "reason": reason})
    return {"refund_id": f"RF-{len(BACKEND.refunds):04d}", "amount_eur": amount_eur}


REGISTRY = {
    "lookup_account": lookup_account,
    "list_invoices": list_invoices,
    "issue_refund": issue_refund,
}
