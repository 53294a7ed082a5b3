"""``opsbook``: the course's command line (installed with the project into ``.venv/bin``).

``opsbook import FILE [--profile NAME] [--json]`` imports a platform export into the work folder
and says what it found; ``opsbook profiles`` lists the import profiles; ``opsbook drop-folder
PATH --group GROUP`` prepares a cohort's hand-in folder on a shared server (``--check`` only
says what would let one learner see another's work); ``opsbook hub-link HUB`` prints the link
that gives a cohort the course, and ``opsbook learner-defaults`` sets JupyterLab's defaults for
every learner of a server (:mod:`opsbook.serve.deploy`); ``opsbook cohort-results FILE.xlsx`` writes
what the cohort handed in as an Excel workbook; ``opsbook completion-record FOLDER`` writes the
completion records of the learners who finished (``--mine``: one's own).
"""

import argparse
import json
import sys
from pathlib import Path

from opsbook.core.errors import OpsbookError
from opsbook.core.i18n import pick, set_language
from opsbook.core.settings import EDITIONS
from opsbook.serve.launch import chosen_language

BAR = 30


def _bar(fraction: float, label: str) -> None:
    done = round(fraction * BAR)
    sys.stderr.write(f"\r[{'#' * done}{'.' * (BAR - done)}] {fraction:4.0%} {label:<20}")
    if fraction >= 1:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _quiet(fraction: float, label: str) -> None:
    pass


def _refuse(english: str, chinese: str) -> int:
    """Say what went wrong and how to fix it (on stderr); the command's exit status, 2."""
    print(pick(english, chinese), file=sys.stderr)
    return 2


def _not_written(path: Path, error: OSError) -> int:
    """A file or folder the command could not write: where, why, and what to do."""
    return _refuse(
        f"{path}: not written ({error.strerror}) — choose a folder you may write in.",
        f"{path}：未写入（{error.strerror}）— 请换一个你有写入权限的文件夹。",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="opsbook", description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=sorted(EDITIONS), help="language of the messages")
    commands = parser.add_subparsers(dest="command", required=True)
    importing = commands.add_parser("import", help="import a platform export into the work folder")
    importing.add_argument("file")
    importing.add_argument(
        "--profile", help="the import profile (found from the header if not given)"
    )
    importing.add_argument("--json", action="store_true", help="print one JSON object")
    commands.add_parser("profiles", help="list the import profiles")
    drop = commands.add_parser("drop-folder", help="prepare or check a cohort's hand-in folder")
    drop.add_argument("path")
    drop.add_argument("--group", help="the trainers' group, which reads the hand-ins")
    drop.add_argument("--check", action="store_true", help="only check the folder's isolation")
    link = commands.add_parser(
        "hub-link", help="the nbgitpuller link that gives a cohort the course"
    )
    link.add_argument("hub", help="the hub's address, such as https://hub.example.com")
    link.add_argument("--repo", help="where learners pull the course from (default: origin)")
    link.add_argument("--branch", default="main")
    defaults = commands.add_parser(
        "learner-defaults", help="JupyterLab's defaults for every learner of this environment"
    )
    for command in (link, defaults):
        command.add_argument(
            "--edition", choices=sorted(EDITIONS), default="en", help="notebooks and menus"
        )
    results = commands.add_parser("cohort-results", help="the cohort's results as a workbook")
    results.add_argument("file", help="the Excel workbook to write, such as cohort.xlsx")
    results.add_argument("--folder", help="a folder of worksheet files instead of the hand-ins")
    records = commands.add_parser(
        "completion-record", help="completion records (HTML and PDF) for learners who finished"
    )
    records.add_argument("folder", help="the folder to write the pages into")
    records.add_argument("--mine", action="store_true", help="your own, from your own record")
    records.add_argument("--html-only", action="store_true", help="leave the PDFs out")
    args = parser.parse_args(argv)
    set_language(chosen_language(args.lang))

    if args.command == "drop-folder":  # without the import engine: quick on a login shell
        return _drop_folder(Path(args.path), args.group, args.check)
    if args.command in ("hub-link", "learner-defaults"):
        return _hub(args)
    if args.command == "cohort-results":
        return _cohort_results(Path(args.file), args.folder and Path(args.folder))
    if args.command == "completion-record":
        return _completion_record(Path(args.folder), args.mine, not args.html_only)

    from opsbook.core.store import shown_path
    from opsbook.imports import import_file
    from opsbook.imports.describe import describe
    from opsbook.imports.profiles import load_profiles
    from opsbook.imports.storage import data_dir

    try:
        if args.command == "profiles":
            for key, profile in load_profiles().items():
                print(f"{key:<22} {profile.title}  ({profile.export_from})")
            return 0
        progress = _bar if sys.stderr.isatty() and not args.json else _quiet
        report = import_file(args.file, profile=args.profile, progress=progress)
    except OpsbookError as error:
        print(error, file=sys.stderr)
        return 1
    summary = report.summary()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(describe(summary))
        print(pick(f"Stored in {shown_path(data_dir())}", f"已保存到 {shown_path(data_dir())}"))
    return 0


def _drop_folder(path: Path, group: str | None, check: bool) -> int:
    from opsbook import handin

    if path.exists() and not path.is_dir():
        return _refuse(
            f"{path}: is a file, not a folder — name a folder for the hand-ins, such as "
            "/srv/ops-playbook/hand_in.",
            f"{path}：这是一个文件，不是文件夹 — 请指定放提交的文件夹，例如 "
            "/srv/ops-playbook/hand_in。",
        )
    if check and not path.is_dir():
        return _refuse(
            f"{path}: no such folder — prepare it first with --group TRAINERS.",
            f"{path}：文件夹不存在 — 请先用 --group 培训师组 准备它。",
        )
    if not check:
        if not group:
            return _refuse(
                "Name the trainers' group: --group GROUP.", "请指定培训师的用户组：--group 组名。"
            )
        try:
            handin.prepare(path, group)
        except KeyError:
            return _refuse(
                f'There is no group "{group}" on this server — create it first '
                f"(groupadd {group}) and add the trainers to it.",
                f"服务器上没有“{group}”这个组 — 请先创建（groupadd {group}）并把培训师加入。",
            )
        except OSError as error:
            return _refuse(
                f"{error.filename or path}: cannot be prepared ({error.strerror}) — run "
                "the command as root (sudo) or as the folder's owner.",
                f"{error.filename or path}：无法准备（{error.strerror}）— 请以 root"
                "（sudo）或文件夹所有者的身份运行。",
            )
    problems = handin.isolation_problems(path)
    for problem in problems:
        print(problem)
    if not problems:
        print(
            pick(
                f"{path}: learners can hand in and cannot see each other's work.",
                f"{path}：学员可以提交，且看不到彼此的内容。",
            )
        )
    return 1 if problems else 0


def _hub(args: argparse.Namespace) -> int:
    from opsbook.serve import deploy

    try:
        if args.command == "hub-link":
            repository = args.repo or deploy.course_repository()
            print(deploy.pull_link(args.hub, repository, args.branch, args.edition))
        else:
            path = deploy.write_learner_defaults(args.edition)
            print(
                pick(
                    f"Every learner's JupyterLab starts with the course's settings ({path}).",
                    f"每位学员的 JupyterLab 都会以课程的设置启动（{path}）。",
                )
            )
    except OpsbookError as error:
        print(error, file=sys.stderr)
        return 2
    except OSError as error:
        return _refuse(
            f"{error.filename}: cannot be written ({error.strerror}) — run the command "
            "as the account that installed the course (on a hub: sudo).",
            f"{error.filename}：无法写入（{error.strerror}）— 请用安装课程的账号运行"
            "（Hub 上用 sudo）。",
        )
    return 0


def _cohort_results(path: Path, folder: Path | None) -> int:
    from opsbook import handin
    from opsbook.content import load_playbook
    from opsbook.core.store import atomic_write_bytes, shown_path
    from opsbook.course import gradebook
    from opsbook.four_powers.cohort_workbook import cohort_sheets, cohort_workbook
    from opsbook.four_powers.files import load_folder, load_hand_ins

    if path.suffix.lower() != ".xlsx":
        return _refuse(
            f"{path.name}: name the workbook with .xlsx at the end, such as cohort.xlsx.",
            f"{path.name}：工作簿的文件名请以 .xlsx 结尾，例如 cohort.xlsx。",
        )
    if path.is_dir() or not path.parent.is_dir():
        return _refuse(
            f"{path}: {'is a folder' if path.is_dir() else 'its folder does not exist'}"
            " — name a new file in an existing folder, such as ~/cohort.xlsx.",
            f"{path}：{'这是一个文件夹' if path.is_dir() else '所在的文件夹不存在'}"
            " — 请在已有的文件夹里指定一个文件名，例如 ~/cohort.xlsx。",
        )
    try:
        rubric = load_playbook("four_powers")
        if folder:
            (teams, problems), found = load_folder(rubric, folder), handin.Scan([], [], [])
        else:
            found = handin.scan("four_powers")
            teams, problems = load_hand_ins(rubric, found)
        for problem in problems:
            print(problem, file=sys.stderr)
        if not teams:
            where = shown_path(folder or handin.drop_folder())
            return _refuse(
                f"{where}: no worksheet to export yet — learners hand theirs in with "
                "Send to trainer, or name a folder of worksheet files with --folder.",
                f"{where}：还没有可导出的自评表 — 学员用“提交给培训师”提交后再导出，"
                "或用 --folder 指定装着自评表文件的文件夹。",
            )
        learners, not_read = gradebook.records() if not folder else ({}, [])
        for problem in not_read:
            print(problem, file=sys.stderr)
        sheets = cohort_sheets(
            rubric,
            teams,
            found.received,
            found.missing,
            problems + not_read,
            gradebook.sheets(learners),
        )
        atomic_write_bytes(path, cohort_workbook(sheets), mode=0o644)
    except OpsbookError as error:
        print(error, file=sys.stderr)
        return 2
    except OSError as error:
        return _not_written(path, error)
    print(
        pick(
            f"{len(teams)} worksheets, {len(problems)} not counted: {path}",
            f"{len(teams)} 份自评表，{len(problems)} 个文件未计入：{path}",
        )
    )
    return 0


def _completion_record(folder: Path, mine: bool, pdf: bool) -> int:
    from opsbook.core.store import shown_path
    from opsbook.serve import completion_record

    try:
        if mine:
            records, problems = [completion_record.mine()], []
        else:
            records, problems = completion_record.cohort()
        for problem in problems:
            print(problem, file=sys.stderr)
        if not records:
            return _refuse(
                "No progress handed in yet: learners send theirs from the start page "
                "(progress.send()); --mine writes your own.",
                "还没有人提交学习进度：学员在开始页运行 progress.send() 提交；"
                "--mine 生成你自己的。",
            )
        written, not_yet = completion_record.write(folder, records, pdf)
    except OpsbookError as error:
        print(error, file=sys.stderr)
        return 2
    except OSError as error:
        return _not_written(folder, error)
    for line in not_yet:
        print(line)
    for path in written:
        print(shown_path(path))
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
