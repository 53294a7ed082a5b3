"""The playbook loader: the shipped files load, and every kind of broken edit gets one error that
names the file, the key path and what is expected."""

import pytest

from opsbook.content import load_playbook
from opsbook.core.errors import ContentError


def test_shipped_organization_loads_with_both_languages():
    org = load_playbook("department_structure")
    assert {o.key for o in org.offices} == {"front", "middle", "back"}
    assert len(org.work_areas) == 5
    assert len(org.starter_models) == 4
    assert len(org.group_models) == 3
    for dept in org.departments:
        assert dept.name.en and dept.name.zh


def test_shipped_exercises_load():
    assert len(load_playbook("exercises/01_department_structure").exercises) >= 3


def broken(organization_text: str, old: str, new: str) -> str:
    assert old in organization_text, f"fixture text {old!r} not found"
    return organization_text.replace(old, new, 1)


def load_broken(write_yaml, text: str) -> str:
    with pytest.raises(ContentError) as caught:
        load_playbook("department_structure", write_yaml(text))
    return str(caught.value)


def test_missing_translation_names_key_path(organization_text, write_yaml):
    text = broken(
        organization_text,
        '    name: {en: "Front office", zh: "前台"}',
        '    name: {en: "Front office"}',
    )
    message = load_broken(write_yaml, text)
    assert message.startswith("department_structure.yaml, offices[0] (front).name.zh:")
    assert 'the key "zh" is missing' in message


def test_wrong_type_says_what_was_expected(organization_text, write_yaml):
    text = broken(
        organization_text,
        "departments: [business_center, operations]",
        "departments: business_center",
    )
    message = load_broken(write_yaml, text)
    assert "work_areas[0] (category_ops).departments" in message
    assert "expected a list" in message
    assert 'found the text "business_center"' in message


def test_number_where_text_expected(organization_text, write_yaml):
    text = broken(organization_text, 'zh: "月签约商户数"', "zh: 42")
    message = load_broken(write_yaml, text)
    assert "departments[0] (business_center).metrics[0].zh" in message
    assert "expected a non-empty text, found the number 42" in message


def test_unknown_department_in_work_area(organization_text, write_yaml):
    text = broken(
        organization_text,
        "departments: [business_center, operations]",
        "departments: [business_centre, operations]",
    )
    message = load_broken(write_yaml, text)
    assert "work_areas[0] (category_ops).departments[0]" in message
    assert '"business_centre" is not a known department' in message
    assert "business_center" in message.split("use one of:")[1]


def test_unknown_role_in_responsibility_matrix(organization_text, write_yaml):
    text = broken(
        organization_text,
        'owner: merch_kids, name: {en: "Select Kids',
        'owner: kids_buyer, name: {en: "Select Kids',
    )
    message = load_broken(write_yaml, text)
    assert "role_map.tasks[0] (kids_new_arrivals).owner" in message
    assert '"kids_buyer" is not a known role' in message


def test_misspelled_key_is_reported(organization_text, write_yaml):
    text = broken(organization_text, "    mission:\n      en: Grow", "    misson:\n      en: Grow")
    message = load_broken(write_yaml, text)
    assert "2 problems" in message
    assert 'departments[0] (business_center).misson: "misson" is not a known key' in message
    assert 'departments[0] (business_center).mission: the key "mission" is missing' in message


def test_yaml_syntax_error_gives_line_and_column(organization_text, write_yaml):
    text = broken(organization_text, 'zh: "前台"}', 'zh: "前台"')
    message = load_broken(write_yaml, text)
    assert message.startswith("department_structure.yaml, line ")
    assert "column" in message


def test_duplicate_key_is_refused(organization_text, write_yaml):
    text = broken(organization_text, "version: 1\n", "version: 1\nversion: 1\n")
    message = load_broken(write_yaml, text)
    assert 'the key "version" appears twice' in message


def test_duplicate_department_key(organization_text, write_yaml):
    text = broken(organization_text, "  - key: copywriting\n", "  - key: business_center\n")
    message = load_broken(write_yaml, text)
    assert 'the key "business_center" is used 2 times' in message


def test_chooser_weight_must_name_a_real_option(organization_text, write_yaml):
    text = broken(organization_text, "main_goal: {reach: 3,", "main_goal: {awareness: 3,")
    message = load_broken(write_yaml, text)
    assert "starter_models[0] (marketing_led).fit.main_goal.awareness" in message


def test_missing_file_and_wrong_version(tmp_path, organization_text, write_yaml):
    with pytest.raises(ContentError, match="file not found"):
        load_playbook("department_structure", tmp_path / "nowhere.yaml")
    message = load_broken(write_yaml, broken(organization_text, "version: 1", "version: 2"))
    assert "version" in message and "expected one of" in message


def test_top_level_must_be_a_mapping(write_yaml):
    message = load_broken(write_yaml, "- just\n- a list\n")
    assert "expected a mapping of keys at the top of the file" in message


def test_exercise_answer_must_be_an_option(write_yaml):
    text = """
version: 1
chapter: demo
exercises:
  - key: q1
    kind: choice
    title: {en: T, zh: 题}
    prompt: {en: P, zh: 问}
    options:
      - {key: a, text: {en: A, zh: 甲}}
      - {key: b, text: {en: B, zh: 乙}}
    answer: c
    hints: [{en: H, zh: 提示}]
    solution: {en: S, zh: 答}
"""
    with pytest.raises(ContentError) as caught:
        load_playbook("exercises/demo", write_yaml(text, "demo.yaml"))
    assert "exercises[0] (q1).answer" in str(caught.value)
    assert "\"c\" is not one of the options ['a', 'b']" in str(caught.value)


def test_edit_is_picked_up_without_restart(organization_text, write_yaml):
    path = write_yaml(organization_text)
    assert (
        load_playbook("department_structure", path).departments[0].name.en == "Business center (BD)"
    )
    import os

    path.write_text(organization_text.replace("Business center (BD)", "BD team"), "utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_playbook("department_structure", path).departments[0].name.en == "BD team"
