"""Projects, their consultants, departments and codebook."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldnotes.domain.codebook import DEFAULT_CODEBOOK
from fieldnotes.domain.errors import NotFoundError, ValidationError
from fieldnotes.services import events
from fieldnotes.storage.models import Consultant, Department, DepartmentAlias, Project, Theme


@dataclass(frozen=True)
class ProjectInfo:
    """A project as the upper layers see it."""

    id: int
    name: str
    description: str


def _info(p: Project) -> ProjectInfo:
    return ProjectInfo(p.id, p.name, p.description)


def list_projects(session: Session) -> list[ProjectInfo]:
    """All projects, by name."""
    return [_info(p) for p in session.scalars(select(Project).order_by(Project.name))]


def create_project(session: Session, name: str, description: str = "", actor: str | None = None) -> ProjectInfo:
    """Create a project with the default codebook."""
    name = name.strip()
    if not name:
        raise ValidationError("error.empty_name")
    if session.scalar(select(Project).where(Project.name == name)) is not None:
        raise ValidationError("error.project_exists", name=name)
    project = Project(name=name, description=description)
    session.add(project)
    session.flush()
    for spec in DEFAULT_CODEBOOK:
        session.add(
            Theme(
                project_id=project.id,
                key=spec.key,
                label=spec.label,
                definition=spec.definition,
                inclusion=spec.inclusion,
                exclusion=spec.exclusion,
                color=spec.color,
                cues={},
            )
        )
    events.record(session, project.id, actor, "project.create", "project", project.id, name=name)
    return _info(project)


def resolve_project(session: Session, name: str | None = None) -> ProjectInfo:
    """The project named `name`, or the only project when no name is given."""
    if name:
        project = session.scalar(select(Project).where(Project.name == name))
        if project is None:
            raise NotFoundError("error.no_such_project", name=name)
        return _info(project)
    projects = list(session.scalars(select(Project).order_by(Project.id).limit(2)))
    if not projects:
        raise NotFoundError("error.no_project")
    if len(projects) > 1:
        raise ValidationError("error.several_projects")
    return _info(projects[0])


def get_project(session: Session, project_id: int) -> ProjectInfo:
    """A project by id."""
    project = session.get(Project, project_id)
    if project is None:
        raise NotFoundError("error.no_such_project", name=str(project_id))
    return _info(project)


def consultant_id(session: Session, project_id: int, name: str | None) -> int | None:
    """Id of the consultant called `name`, created on first use; None for no name."""
    if not name:
        return None
    found = session.scalar(select(Consultant).where(Consultant.project_id == project_id, Consultant.name == name))
    if found is None:
        found = Consultant(project_id=project_id, name=name)
        session.add(found)
        session.flush()
    return found.id


def consultant_names(session: Session, project_id: int) -> list[str]:
    """All consultants of a project, by name."""
    return list(
        session.scalars(select(Consultant.name).where(Consultant.project_id == project_id).order_by(Consultant.name))
    )


def find_department(session: Session, project_id: int, name: str) -> Department | None:
    """A department by canonical name or alias, case-insensitively."""
    key = name.strip().casefold()
    for dept in session.scalars(select(Department).where(Department.project_id == project_id)):
        if dept.name.casefold() == key or any(a.alias.casefold() == key for a in dept.aliases):
            return dept
    return None


def department_id(session: Session, project_id: int, name: str | None) -> int | None:
    """Id of the department called `name` (canonical or alias), created on first use; None for no name."""
    if not name:
        return None
    found = find_department(session, project_id, name)
    if found is None:
        found = Department(project_id=project_id, name=name.strip())
        session.add(found)
        session.flush()
    return found.id


def department_registry(session: Session, project_id: int) -> dict[str, list[str]]:
    """The registry as `{canonical: [aliases]}`."""
    depts = session.scalars(select(Department).where(Department.project_id == project_id).order_by(Department.name))
    return {d.name: [a.alias for a in d.aliases] for d in depts}


def save_department(
    session: Session,
    project_id: int,
    name: str,
    aliases: list[str],
    *,
    original_name: str | None = None,
    actor: str | None = None,
) -> None:
    """Create or update a department with its aliases (renaming when `original_name` differs)."""
    name = name.strip()
    if not name:
        raise ValidationError("error.empty_name")
    dept = find_department(session, project_id, original_name or name)
    if dept is not None and original_name is None and dept.name.casefold() != name.casefold():
        dept = None
    clash = find_department(session, project_id, name)
    if clash is not None and (dept is None or clash.id != dept.id):
        raise ValidationError("error.department_exists", name=name)
    if dept is None:
        dept = Department(project_id=project_id, name=name)
        session.add(dept)
        action = "department.create"
    else:
        dept.name = name
        action = "department.update"
    wanted = []
    for alias in aliases:
        alias = alias.strip()
        if alias and alias.casefold() != name.casefold() and alias.casefold() not in {w.casefold() for w in wanted}:
            wanted.append(alias)
    dept.aliases = [a for a in dept.aliases if a.alias in wanted]
    have = {a.alias for a in dept.aliases}
    dept.aliases.extend(DepartmentAlias(alias=a) for a in wanted if a not in have)
    session.flush()
    events.record(session, project_id, actor, action, "department", dept.id, name=name, aliases=wanted)


def count_projects(session: Session) -> int:
    """Number of projects in the database."""
    return int(session.scalar(select(func.count(Project.id))) or 0)
