from fieldnotes.network.registry import DepartmentRegistry, normalise_department_name


def test_registry_lookup_aliases_case_insensitive(municipality: DepartmentRegistry) -> None:
    assert municipality.lookup("kcc") == "KCC"
    assert municipality.lookup("Klantcontactcentrum") == "KCC"
    assert municipality.lookup("the Contact Centre") == "KCC"
    assert municipality.lookup("het KCC") == "KCC"
    assert municipality.lookup("de afdeling Belastingen") == "Belastingen"
    assert municipality.lookup("the IT department") == "ICT"
    assert municipality.lookup("Marketing") is None
    assert "permits" in municipality and "Sales" not in municipality


def test_registry_lookup_structure() -> None:
    reg = DepartmentRegistry({"KCC": ["kcc", "klantcontactcentrum"], "  ": ["x"]})
    assert reg.canonicals == ["KCC"]
    assert reg.aliases("KCC") == ("KCC", "klantcontactcentrum")
    assert sorted(reg.terms()) == [("KCC", "KCC"), ("klantcontactcentrum", "KCC")]
    assert reg.to_dict() == {"KCC": ["klantcontactcentrum"]}


def test_registry_lookup_normalise_names() -> None:
    assert normalise_department_name("de afdeling Belastingen") == "Belastingen"
    assert normalise_department_name("het KCC") == "KCC"
    assert normalise_department_name("the IT department") == "IT"
    assert normalise_department_name("het ICT-team") == "ICT"
    assert normalise_department_name("the parking team") == "parking"
    assert normalise_department_name("de directie") == "directie"


def test_registry_lookup_staff_is_the_unit() -> None:
    assert normalise_department_name("the store staff") == "store"
    assert normalise_department_name("our ground handling crew") == "ground handling"
    assert normalise_department_name("staff") == "staff"
    assert DepartmentRegistry({"Filialen": ["store"]}).lookup("store staff") == "Filialen"
