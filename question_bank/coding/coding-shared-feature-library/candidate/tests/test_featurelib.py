from featurelib import FEATURES, register


def test_register_stores_the_function():
    def f(events):
        return 1

    register("demo_feature", f)
    assert FEATURES["demo_feature"] is f
