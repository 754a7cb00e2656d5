/** The Python module name `python_function` imports for a `sextant_logreg` model (a file under `code/`). */
export const LOGREG_PYFUNC_MODULE = "sextant_logreg_pyfunc";

/**
 * The Python source of `code/sextant_logreg_pyfunc.py`: MLflow's pyfunc loader contract
 * (`_load_pyfunc(data_path)` returning an object with `predict(model_input, params=None)`)
 * for the coefficients in `model.json`. Pure Python; returns a NumPy array when NumPy is
 * importable (as scikit-learn models do), a list otherwise. Feature names come from the
 * `sextant_logreg` flavor's `feature_names`, else the signature's input names, read from the
 * MLmodel next to `model.json`. Predictions use the same arithmetic and threshold as the
 * TypeScript predictor (intercept + sum of coef[j] * x[j] in order; label 1 when > 0).
 */
export const LOGREG_PYFUNC_SOURCE = `"""Loads a logistic regression trained with Sextant (TypeScript) as an MLflow pyfunc model.

Written by the Sextant SDK next to the model; MLflow imports it through the MLmodel
'python_function' flavor (loader_module: sextant_logreg_pyfunc, code: code, data: model.json).
Pure Python; NumPy is used only for the result type when it is installed.
"""

import json
import math
import numbers
import os

FORMAT = "sextant.logistic-regression"


def _error(message):
    try:
        from mlflow.exceptions import MlflowException

        return MlflowException(message, error_code="INVALID_PARAMETER_VALUE")
    except Exception:
        return ValueError(message)


def _read_feature_names(model_dir):
    """Feature names from the MLmodel beside model.json, or None when it names none."""
    mlmodel_path = os.path.join(model_dir, "MLmodel")
    if not os.path.exists(mlmodel_path):
        return None
    try:
        import yaml
    except ImportError:
        return None
    with open(mlmodel_path, encoding="utf-8") as f:
        meta = yaml.safe_load(f) or {}
    flavor = (meta.get("flavors") or {}).get("sextant_logreg") or {}
    names = flavor.get("feature_names")
    if isinstance(names, list) and names:
        return [str(n) for n in names]
    inputs = (meta.get("signature") or {}).get("inputs")
    if isinstance(inputs, str):
        inputs = json.loads(inputs)
    if isinstance(inputs, list) and inputs and all(isinstance(c, dict) and "name" in c for c in inputs):
        return [str(c["name"]) for c in inputs]
    return None


class SextantLogisticRegression:
    """A binary logistic regression: predict() returns labels 0/1 (decision > 0)."""

    def __init__(self, coef, intercept, feature_names=None):
        self.coef = [float(c) for c in coef]
        self.intercept = float(intercept)
        if feature_names is not None and len(feature_names) != len(self.coef):
            feature_names = None
        self.feature_names = feature_names

    def _columns_from(self, available, describe):
        names = self.feature_names
        if names is not None and all(n in available for n in names):
            return names
        if names is None:
            raise _error(
                "This model has no feature names, so %s cannot be matched to its %d features; "
                "pass rows of values in coefficient order (a 2-D list or array)." % (describe, len(self.coef))
            )
        missing = [n for n in names if n not in available]
        raise _error("Model is missing inputs %s (got %s)." % (missing, sorted(str(a) for a in available)))

    def _rows(self, model_input):
        try:
            import pandas as pd
        except ImportError:
            pd = None
        if pd is not None and isinstance(model_input, pd.Series):
            model_input = model_input.to_frame().T
        if pd is not None and isinstance(model_input, pd.DataFrame):
            columns = list(model_input.columns)
            names = self.feature_names
            if names is not None and all(n in columns for n in names):
                frame = model_input[names]
            elif all(isinstance(c, numbers.Integral) for c in columns) and len(columns) == len(self.coef):
                frame = model_input
            else:
                frame = model_input[self._columns_from(columns, "the DataFrame's columns")]
            return [list(row) for row in frame.itertuples(index=False, name=None)]
        if isinstance(model_input, dict):
            names = self._columns_from(model_input.keys(), "a dict of columns")
            values = [model_input[n] for n in names]
            if all(not isinstance(v, (list, tuple)) and not hasattr(v, "tolist") for v in values):
                return [values]
            columns = [list(v.tolist() if hasattr(v, "tolist") else v) for v in values]
            lengths = {len(c) for c in columns}
            if len(lengths) != 1:
                raise _error("The columns %s have different lengths %s." % (names, [len(c) for c in columns]))
            return [list(row) for row in zip(*columns)]
        if hasattr(model_input, "tolist") and not isinstance(model_input, (list, tuple)):
            model_input = model_input.tolist()
        if isinstance(model_input, (list, tuple)):
            if not model_input:
                return []
            if all(isinstance(r, dict) for r in model_input):
                names = self._columns_from(set().union(*model_input), "the records' keys")
                return [[r.get(n) for n in names] for r in model_input]
            if all(isinstance(r, (list, tuple)) for r in model_input):
                return [list(r) for r in model_input]
            if all(isinstance(v, numbers.Number) for v in model_input):
                return [list(model_input)]
        raise _error(
            "Model input must be a pandas DataFrame, a dict of columns, a list of records "
            "or a 2-D list/array; got %s." % type(model_input).__name__
        )

    def _decide(self, rows):
        labels = []
        for r, row in enumerate(rows):
            if len(row) != len(self.coef):
                raise _error("Row %d has %d features; the model takes %d." % (r, len(row), len(self.coef)))
            z = self.intercept
            for j, x in enumerate(row):
                if isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(float(x)):
                    name = self.feature_names[j] if self.feature_names else str(j)
                    raise _error("Column '%s' of row %d is not a finite number: %r." % (name, r, x))
                z += self.coef[j] * float(x)
            labels.append(1 if z > 0 else 0)
        return labels

    def predict(self, model_input, params=None):
        """One label (0/1) per input row."""
        labels = self._decide(self._rows(model_input))
        try:
            import numpy as np

            return np.asarray(labels, dtype=np.int64)
        except ImportError:
            return labels


def _load_pyfunc(path):
    """MLflow's loader entry point: path is the flavor's 'data' (model.json)."""
    with open(path, encoding="utf-8") as f:
        model = json.load(f)
    if model.get("format") != FORMAT:
        raise _error("%s is not a Sextant logistic regression (format %r)." % (path, model.get("format")))
    coef = model.get("coef")
    if not isinstance(coef, list) or not coef:
        raise _error("%s: coef must be a non-empty list of numbers." % path)
    names = _read_feature_names(os.path.dirname(os.path.abspath(path)))
    return SextantLogisticRegression(coef, model["intercept"], names)
`;
