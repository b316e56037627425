"""Type stubs of fp8mac (see the docstrings of fp8mac/__init__.py)."""

from os import PathLike
from typing import Literal, Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

__version__: str

Format = Literal[
    "e4m3", "e5m2", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e4m3",
    "float8_e3m4", "float8_e4m3b11fnuz", "float6_e3m2fn", "float6_e2m3fn", "float4_e2m1fn", "int8",
]
FORMATS: tuple[str, ...]
Preset = Literal["fp16-chain", "exact", "mxdotp", "h100-fp8", "deepseek-v3"]
PRESETS: dict[str, dict[str, object]]
Rounding = Literal["rne", "sr"]

def quantize(
    x: npt.NDArray[Union[np.float32, np.float16]],
    fmt: Format,
    *,
    rounding: Rounding = ...,
    sr_bits: int = ...,
    seed: Optional[int] = ...,
    saturate: bool = ...,
    scale_exp: int = ...,
    as_ml_dtypes: bool = ...,
) -> np.ndarray: ...
def dequantize(codes: np.ndarray, fmt: Optional[Format] = ...) -> npt.NDArray[np.float32]: ...
def round_float(
    x: npt.NDArray[np.float32],
    out: Literal["fp16", "bf16", "fp32"] = ...,
    *,
    rounding: Rounding = ...,
    sr_bits: int = ...,
    seed: Optional[int] = ...,
) -> np.ndarray: ...
def quantize_mx(
    x: npt.NDArray[Union[np.float32, np.float16]],
    fmt: Format,
    *,
    block: int = ...,
    axis: int = ...,
    scale_rule: Literal["floor", "rceil"] = ...,
    rounding: Rounding = ...,
    sr_bits: int = ...,
    seed: Optional[int] = ...,
    as_ml_dtypes: bool = ...,
) -> tuple[np.ndarray, np.ndarray]: ...
def dequantize_mx(
    codes: np.ndarray,
    scales: np.ndarray,
    fmt: Optional[Format] = ...,
    *,
    block: int = ...,
    axis: int = ...,
) -> npt.NDArray[np.float32]: ...
def mac(
    a: Union[int, np.generic],
    fmt_a: Optional[Format] = ...,
    b: Union[int, np.generic, None] = ...,
    fmt_b: Optional[Format] = ...,
    c: Union[float, np.float16, np.uint16, None] = ...,
    *,
    rounding: Rounding = ...,
    sr_bits: int = ...,
    rnd: Optional[int] = ...,
) -> np.float16: ...
def gemm(
    a: np.ndarray,
    b: np.ndarray,
    c: Optional[np.ndarray] = ...,
    *,
    fmt_a: Optional[Format] = ...,
    fmt_b: Optional[Format] = ...,
    accumulate: Literal["fp16", "exact"] = ...,
    out: Optional[Literal["fp16", "bf16", "fp32"]] = ...,
    rounding: Literal["rne", "sr", "rz"] = ...,
    sr_bits: int = ...,
    seed: Optional[int] = ...,
    scale_exp: int = ...,
    engine: Literal["reference", "rtl-sim", "verilator"] = ...,
    rows: int = ...,
    cols: int = ...,
    pipeline: int = ...,
    max_k: int = ...,
    formats: Union[str, Sequence[Format], None] = ...,
    max_outputs: int = ...,
    allow_large: bool = ...,
    preset: Optional[Preset] = ...,
    block: Union[int, Literal["all"], None] = ...,
    align: Optional[int] = ...,
    scale_a: Optional[np.ndarray] = ...,
    scale_b: Optional[np.ndarray] = ...,
    scale_block: int = ...,
    scale_bits: int = ...,
) -> np.ndarray: ...
def generate(
    out: Union[str, bytes, PathLike[str], PathLike[bytes]],
    *,
    rows: int = ...,
    cols: int = ...,
    sr_bits: int = ...,
    pipeline: int = ...,
    max_k: int = ...,
    formats: Union[str, Sequence[Format], None] = ...,
    out_format: Literal["fp16", "bf16", "fp32"] = ...,
    allow_large: bool = ...,
) -> list[str]: ...
def amax_scale_exp(amax: float, fmt: Format) -> int: ...
def stream_seed(seed: int, i: int, j: int) -> int: ...
def stream_values(seed: int, i: int, j: int, sr_bits: int = ..., n: int = ...) -> list[int]: ...
