from fakes import FakeClock
from fraud_service import CLOSED, HALF_OPEN, OPEN, CircuitBreaker


def test_breaker_states_on_a_fake_clock():
    clock = FakeClock()
    b = CircuitBreaker(clock, failure_threshold=2, reset_after_s=10)
    b.record_failure()
    assert b.state == CLOSED
    b.record_failure()
    assert b.state == OPEN and not b.allow()
    clock.advance(10)
    assert b.state == HALF_OPEN and b.allow()
    b.record_failure()
    assert b.state == OPEN
    clock.advance(10)
    b.record_success()
    assert b.state == CLOSED
