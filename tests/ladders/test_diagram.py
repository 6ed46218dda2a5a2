"""The diagram's column shares: pure, no database."""

from ladders.diagram import layout
from ladders.specs import DEFAULT_LADDER_FILE, LadderSpec, read_ladder


def test_every_branch_takes_one_share_when_levels_never_sit_side_by_side():
    diagram = layout(read_ladder(DEFAULT_LADDER_FILE))
    assert diagram.weights == [1, 1, 1]
    assert diagram.column_sizes == "minmax(0, 1fr) minmax(0, 1fr) minmax(0, 1fr)"


def test_a_branch_with_two_levels_of_one_rank_gets_two_shares_and_the_edges_follow():
    data = read_ladder(DEFAULT_LADDER_FILE).model_dump()
    principal = next(lv for lv in data["levels"] if lv["key"] == "principal-pm")
    data["levels"].append({**principal, "key": "staff-pm", "title": "Staff PM", "next": []})
    diagram = layout(LadderSpec.model_validate(data))
    # So that titles keep whole words on a phone: the builders' column is twice as wide.
    assert diagram.weights == [2, 1, 1]
    nodes = {node.level.key: node for node in diagram.nodes}
    assert (nodes["principal-pm"].x, nodes["staff-pm"].x) == (12.5, 37.5)
    assert nodes["group-pm"].x == 62.5
    assert nodes["senior-pm"].x == 50  # a shared level still spans the whole width
