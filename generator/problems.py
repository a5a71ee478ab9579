"""Validation problems (values) and the small exception hierarchy (aborts)."""

from __future__ import annotations

import enum
import errno
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True, slots=True, order=True)
class CellRef:
    sheet: str
    cell: str  # A1 notation

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


@dataclass(frozen=True, slots=True)
class Problem:
    code: str  # stable kebab-case identifier, e.g. "not-a-number"
    message: str  # Chinese: what was found, what to do
    ref: CellRef | None = None  # None only for workbook-level problems
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def flat(self) -> tuple[str, str]:
        return (str(self.ref) if self.ref else "", self.code)


def warning(code: str, message: str, ref: CellRef | None = None) -> Problem:
    return Problem(code, message, ref, Severity.WARNING)


class PjgenError(Exception):
    """A condition that stops the run; the message is shown to the user (Chinese)."""


class WorkbookNotFound(PjgenError):
    pass


class WorkbookUnreadable(PjgenError):
    pass


class TemplateMissing(PjgenError):
    pass


class ConversionFailed(PjgenError):
    pass


class OutputLocked(PjgenError):
    pass


_OS_ERRORS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限（操作不被允许）",
    errno.EEXIST: "文件已存在",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "磁盘或文件夹是只读的",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ETXTBSY: "文件正被其他程序占用",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EXDEV: "不能跨磁盘移动文件",
    errno.EIO: "磁盘读写出错",
    errno.EMFILE: "同时打开的文件太多",
    errno.EINVAL: "文件名或参数无效",
}


def describe_os_error(exc: OSError) -> str:
    """An operating-system error in Chinese (the system's own text is English)."""
    return _OS_ERRORS.get(exc.errno or 0, f"系统错误（错误号 {exc.errno}）" if exc.errno else "系统错误")
