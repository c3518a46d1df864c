from assignment import assign, load_experiments

EXPERIMENTS = load_experiments()


def test_a_unit_gets_one_of_the_declared_arms():
    exp = EXPERIMENTS["ranker_v7"]
    assert assign("user:42", exp) in set(exp["arms"]) | {"holdout"}


def test_the_same_unit_gets_the_same_arm_twice():
    exp = EXPERIMENTS["new_onboarding"]
    assert assign("user:42", exp) == assign("user:42", exp)
