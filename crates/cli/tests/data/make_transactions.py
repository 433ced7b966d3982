"""Writes the CLI's test files (run from this folder; the output is committed).

transactions.csv: 80 customers buying through 2024 as the BG/NBD and
Gamma-Gamma models assume: first purchase on a random day, a Poisson rate
lambda ~ Gamma(2, 1/60) per day, dropout after each purchase with
p ~ Beta(1, 4), spend per purchase ~ Gamma(6, nu) with nu ~ Gamma(4, 18).
Ids are mixed on purpose (codes, emails, a phone number and a handle that a
spreadsheet would run as formulas); a few amounts are written the Turkish
way ("1.234,50", quoted).

transactions_bad_rows.csv: the same purchases with six bad rows put in at
fixed places (see BAD below); the CLI must report exactly their lines.
"""

import datetime
import random

rng = random.Random(20240101)
START = datetime.date(2024, 1, 1)
END_DAY = 365  # 2024-12-31 (2024 is a leap year: days 0..365)


def customer_id(i):
    if i == 7:
        return "+905551112233"
    if i == 19:
        return "@ayse.yilmaz"
    if i % 5 == 3:
        return f"musteri{i:02d}@example.com"
    return f"C-{i:04d}"


def amount_text(minor, turkish):
    lira, kurus = divmod(minor, 100)
    if turkish and lira >= 1000:
        return f'"{lira // 1000}.{lira % 1000:03d},{kurus:02d}"'
    if turkish:
        return f'"{lira},{kurus:02d}"'
    return f"{lira}.{kurus:02d}"


rows = []
for i in range(1, 81):
    first = rng.randrange(0, 300)
    rate = rng.gammavariate(2.0, 1.0 / 60.0)
    dropout = rng.betavariate(1.0, 4.0)
    nu = rng.gammavariate(4.0, 18.0)
    day = first
    while day <= END_DAY:
        minor = max(100, round(rng.gammavariate(6.0, nu) * 100))
        rows.append((day, customer_id(i), minor, rng.random() < 0.15))
        # BG/NBD: customers may drop out after a repeat purchase only.
        if day > first and rng.random() < dropout:
            break
        day += max(1, round(rng.expovariate(rate)))

rows.sort(key=lambda r: (r[0], r[1]))
good = [
    f"{c},{(START + datetime.timedelta(days=d)).isoformat()},{amount_text(m, t)}"
    for d, c, m, t in rows
]

with open("transactions.csv", "w", newline="") as f:
    f.write("customer_id,date,amount\r\n")
    f.write("".join(line + "\r\n" for line in good))

# (index in the data rows to insert before, bad row)
BAD = [
    (3, "C-0003,2024-02-30,120.00"),      # date does not exist
    (10, "C-0004,2024-03-01,12x"),         # amount is not a number
    (20, ",2024-03-02,50.00"),             # no customer id
    (30, "C-0005,2024-03-03"),             # two cells, the header has three
    (40, "C-0006,31.31.2024,abc"),         # bad date and bad amount
    (50, "C-0008,03/15/2024,10.00"),       # month-first date
]
lines = list(good)
for at, bad in reversed(BAD):
    lines.insert(at, bad)
with open("transactions_bad_rows.csv", "w", newline="") as f:
    f.write("customer_id,date,amount\r\n")
    f.write("".join(line + "\r\n" for line in lines))
# Physical lines of the bad rows: the header is line 1; each insertion
# shifts the later ones by one.
print("bad lines:", [at + k + 2 for k, (at, _) in enumerate(BAD)])
print("rows:", len(good), "customers:", len({r[1] for r in rows}))
