"""Type stubs of fp8mac (see the docstrings of fp8mac/__init__.py)."""

from os import PathLike
from typing import Literal, Optional, Union

import numpy as np
import numpy.typing as npt

__version__: str

Format = Literal["e4m3", "e5m2"]
Rounding = Literal["rne", "sr"]

def quantize(
    x: npt.NDArray[Union[np.float32, np.float16]],
    fmt: Format,
    *,
    rounding: Rounding = ...,
    sr_bits: int = ...,
    seed: int = ...,
    saturate: bool = ...,
    scale_exp: int = ...,
    as_ml_dtypes: bool = ...,
) -> np.ndarray: ...
def dequantize(codes: np.ndarray, fmt: Optional[Format] = ...) -> npt.NDArray[np.float32]: ...
def mac(
    a: int,
    fmt_a: Format,
    b: int,
    fmt_b: Format,
    c: Union[int, float, np.float16] = ...,
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
    out: Literal["fp16", "fp32"] = ...,
    rounding: Rounding = ...,
    sr_bits: int = ...,
    seed: int = ...,
    scale_exp: int = ...,
    engine: Literal["reference", "rtl-sim", "verilator"] = ...,
    rows: int = ...,
    cols: int = ...,
    pipeline: int = ...,
    max_k: int = ...,
    formats: Literal["both", "e4m3"] = ...,
) -> np.ndarray: ...
def generate(
    out: Union[str, PathLike[str]],
    *,
    rows: int = ...,
    cols: int = ...,
    sr_bits: int = ...,
    pipeline: int = ...,
    max_k: int = ...,
    formats: Literal["both", "e4m3"] = ...,
) -> list[str]: ...
def amax_scale_exp(amax: float, fmt: Format) -> int: ...
def stream_seed(seed: int, i: int, j: int) -> int: ...
def stream_values(seed: int, i: int, j: int, sr_bits: int = ..., n: int = ...) -> list[int]: ...
