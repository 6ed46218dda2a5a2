"""core.kept: values made once per key, and a bound on how many a process keeps."""

from core.kept import Kept


def test_a_value_is_made_once_per_key_and_the_store_is_emptied_at_its_limit():
    made = []

    def make(key):
        return lambda: made.append(key) or f"value of {key}"

    kept = Kept(limit=2)
    assert kept.get("a", make("a")) == kept.get("a", make("a")) == "value of a"
    kept.get("b", make("b"))
    assert made == ["a", "b"] and len(kept) == 2
    kept.get("c", make("c"))  # the limit is reached: start again rather than grow
    assert len(kept) == 1
    kept.get("a", make("a"))
    assert made == ["a", "b", "c", "a"]
