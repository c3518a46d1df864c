from featurelib import FEATURES, definition_hash, register


def test_register_stores_the_function():
    def f(events):
        return 1

    register("demo_feature", f)
    assert FEATURES["demo_feature"] is f


def count_rows(events):
    return len(events)


def test_definition_hash_tells_definitions_apart():
    def body_a(events):
        return len(events)

    def body_b(events):
        return len(events) + 1

    assert definition_hash(count_rows) == definition_hash(count_rows)
    assert definition_hash(body_a) != definition_hash(body_b)
    assert definition_hash(count_rows, entity="customer_id") != definition_hash(
        count_rows, entity="order_id")
