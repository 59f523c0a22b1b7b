"""Regenerates digits.csv, the data set of the quickstart example.

The CSV is checked in so that train.py needs nothing beyond the Python standard library; this
script exists only to show where the data comes from and to rebuild it. It needs scikit-learn
(`pip install scikit-learn`), which bundles the data set, so no download happens.

Data: scikit-learn's copy of the UCI "Optical Recognition of Handwritten Digits" test set,
1797 images of 8x8 pixels with values 0..16, labels 0..9.

    python3 make_digits_csv.py            # writes digits.csv next to this file
"""

import csv
import os

from sklearn.datasets import load_digits


def main() -> None:
    digits = load_digits()
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.csv")
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["p{}".format(i) for i in range(64)] + ["label"])
        for pixels, label in zip(digits.data, digits.target):
            # The pixels are whole numbers stored as floats; write them as integers to keep the file small.
            writer.writerow([int(value) for value in pixels] + [int(label)])
    print("wrote {} rows to {}".format(len(digits.target), path))


if __name__ == "__main__":
    main()
