"""The model class the registry's model.pkl files hold (pickled instances of it)."""


class PopularityBySegment:
    def __init__(self, version, items_by_segment):
        self.version = version
        self.items_by_segment = items_by_segment

    def recommend(self, user_id, k=5):
        segment = sum(map(ord, str(user_id))) % len(self.items_by_segment)
        return list(self.items_by_segment[segment][:k])
