"""Sample data for every chapter: ``load_dataset("orders")`` works from any current directory.

The data dictionary (meaning, unit and 中文名 of each column) is in ``datasets/README.md`` and in
:data:`opsbook.datasets.schema.DATASETS`.
"""

import pandas as pd

from opsbook.core.errors import DatasetError
from opsbook.core.i18n import get_language
from opsbook.core.paths import DATASETS_DIR, require_dir
from opsbook.datasets.schema import DATASETS, VALUES, DatasetSpec

# the sample shop's exports in datasets/exports/, which the my_data page shows until you import
DEMO_EXPORTS = ("taobao_orders_2025H1.csv", "sycm_shop_traffic_2025H1.xls")

_PANDAS_TYPES = {"str": "str", "int": "int64", "float": "float64"}


def list_datasets() -> pd.DataFrame:
    """The available data sets and what each holds (column details: datasets/README.md)."""
    return pd.DataFrame(
        [{"name": s.name, "description": s.en, "说明": s.zh} for s in DATASETS.values()]
    )


def dataset_spec(name: str) -> DatasetSpec:
    if name not in DATASETS:
        raise DatasetError(f'There is no data set "{name}" — use one of: {", ".join(DATASETS)}.')
    return DATASETS[name]


def load_dataset(name: str) -> pd.DataFrame:
    """Load a sample data set by name with its documented column types (dates as datetimes)."""
    spec = dataset_spec(name)
    path = require_dir(DATASETS_DIR) / spec.file_name
    if not path.is_file():
        raise DatasetError(
            f"datasets/{spec.file_name} is missing — run `make data` to regenerate the sample data."
        )
    frame = pd.read_csv(
        path,
        dtype={c.name: _PANDAS_TYPES[c.dtype] for c in spec.columns if c.dtype in _PANDAS_TYPES},
        parse_dates=[c.name for c in spec.columns if c.dtype in {"date", "datetime"}],
    )
    expected = [c.name for c in spec.columns]
    if list(frame.columns) != expected:
        raise DatasetError(
            f"datasets/{spec.file_name}: columns {list(frame.columns)} do not match the data "
            f"dictionary {expected} — run `make data` to regenerate it."
        )
    return frame


def channel_names() -> dict[str, str]:
    """Channel id -> its name in the current language, for tables and charts."""
    channels = load_dataset("channels")
    column = "name_zh" if get_language() == "zh" else "name_en"
    return dict(zip(channels["channel_id"], channels[column], strict=True))


def value_names(column: str) -> dict[str, str]:
    """Code -> its name in the current language for a coded column ("category", "district" …)."""
    if column not in VALUES:
        raise DatasetError(f'"{column}" has no value names — use one of: {", ".join(VALUES)}.')
    index = 1 if get_language() == "zh" else 0
    return {code: names[index] for code, names in VALUES[column].items()}


__all__ = [
    "DATASETS",
    "channel_names",
    "dataset_spec",
    "list_datasets",
    "load_dataset",
    "value_names",
]
