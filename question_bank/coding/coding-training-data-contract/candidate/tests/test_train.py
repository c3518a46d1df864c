from train import load_training_table, train


def test_trains_on_the_good_week():
    model, auc = train(load_training_table("data/week_2026-48_good.csv"))
    assert hasattr(model, "predict_proba")
    assert 0.0 <= auc <= 1.0
