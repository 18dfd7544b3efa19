#!/usr/bin/env python3
"""Regenerates sim/scenarios/demo/{ledger.csv,trucks.csv} deterministically (seed 2025).

A few hundred mixed trucks at one entry lane of a Jiaozuo coking plant: China III-VI diesel and
gas trucks, electric heavy trucks on yellow-green plates (about half of the arrivals, short of
the green-transport share's 70 %, so trucks are held and called back as budget frees up),
hazardous-goods and emergency-supply trucks with their exemption basis, ledger entries whose
plate does not match their fuel (an "electric" truck on an ordinary plate, a diesel truck on a
new-energy plate), in-plant vehicles, trucks not in the ledger, suspended and expired ledger
entries, low-confidence reads, misread plates, and cameras that report the same truck two or
three times.
Usage: python3 sim/scenarios/make_demo.py [N_TRUCKS]
"""
import csv, os, random, sys

rng = random.Random(2025)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 300
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
DIGITS = "0123456789"
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo")

VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # no I, O, Q
VIN_VALUE = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1,2,3,4,5,6,7,8,1,2,3,4,5,7,9,2,3,4,5,6,7,8,9]))
VIN_WEIGHTS = [8,7,6,5,4,3,2,10,0,9,8,7,6,5,4,3,2]

def vin():
    """A VIN with a valid ISO 3779 check digit in position 9."""
    body = list("LZZ" + "".join(rng.choice(VIN_CHARS) for _ in range(14)))
    total = sum((int(c) if c.isdigit() else VIN_VALUE[c]) * w for c, w in zip(body, VIN_WEIGHTS))
    body[8] = "X" if total % 11 == 10 else str(total % 11)
    return "".join(body)

used = set()
def plate(kind):
    while True:
        auth = rng.choice("HAGJ")
        if kind == "large_nev":
            p = "豫" + auth + "".join(rng.choice(DIGITS) for _ in range(5)) + rng.choice("DF")
        elif kind == "small_nev":
            p = "豫" + auth + rng.choice("DF") + rng.choice(LETTERS + DIGITS) + "".join(rng.choice(DIGITS) for _ in range(4))
        else:
            p = "豫" + auth + "".join(rng.choice(DIGITS + LETTERS[:6]) for _ in range(5))
        if p not in used:
            used.add(p)
            return p

ledger = []  # dicts
def add(p, color, cls, stage, fuel, **kw):
    row = dict(plate=p, plate_color=color, vehicle_class=cls, vin=vin(), engine_no="E" + str(rng.randint(100000, 999999)),
               registration_date=f"20{rng.randint(15,24)}-0{rng.randint(1,9)}-1{rng.randint(0,9)}",
               emission_stage=stage, fuel_type=fuel, vehicle_type="N3" if cls == "transport" else "N2",
               use="raw material" if cls == "transport" else "in-plant", fleet=rng.choice(["焦作顺达物流", "豫北运输", "中原钢运"]),
               owner="demo", registration_code="", valid_from="2025-01-01", valid_until="2027-12-31", suspended="0",
               exemption="", exemption_basis="", exemption_until="")
    row.update(kw)
    ledger.append(row)
    return row

fleet = []
for _ in range(45): fleet.append(add(plate("ord"), "yellow", "transport", "6", "B"))
for _ in range(15): fleet.append(add(plate("ord"), "yellow", "transport", "5", "B"))
for _ in range(10): fleet.append(add(plate("ord"), "yellow", "transport", "6", "E"))
for _ in range(10): fleet.append(add(plate("ord"), "yellow", "transport", "4", "B"))
for _ in range(5): fleet.append(add(plate("ord"), "yellow", "transport", "3", "B"))
green = []
for _ in range(110): green.append(add(plate("large_nev"), "yellow-green", "transport", "D", "C"))
fleet += green
for i in range(6):
    fleet.append(add(plate("ord"), "yellow", "transport", "4", "B", use="hazardous goods",
                     exemption="hazardous_goods", exemption_basis=f"危运证 豫交运管许可焦字41080{rng.randint(1000000, 9999999)}"))
for i in range(2):
    fleet.append(add(plate("ord"), "yellow", "transport", "4", "B", use="emergency supply",
                     exemption="emergency_supply", exemption_basis=f"焦作市应急保供车辆备案 2026-{rng.randint(100, 999)}",
                     exemption_until="2027-03-31"))
# Ledger entries whose plate contradicts their fuel (a data error or a cloned plate).
for _ in range(3): fleet.append(add(plate("ord"), "yellow", "transport", "D", "C"))
for _ in range(2): fleet.append(add(plate("large_nev"), "yellow-green", "transport", "6", "B"))
for _ in range(8): fleet.append(add(plate("small_nev"), "green", "in_plant", "D", "C", vehicle_type="M1"))
for _ in range(6): fleet.append(add(plate("ord"), "blue", "in_plant", "6", "A", vehicle_type="N1"))
for _ in range(4): fleet.append(add(plate("ord"), "yellow", "transport", "6", "B", suspended="1"))
for _ in range(4): fleet.append(add(plate("ord"), "yellow", "transport", "6", "B", valid_until="2026-06-30"))
strangers = [plate("ord") for _ in range(20)]

with open(os.path.join(here, "ledger.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(ledger[0].keys()))
    w.writeheader()
    w.writerows(ledger)

def misread(p):
    chars = list(p)
    choice = rng.random()
    if choice < 0.4: return "".join(chars[:-1])          # a character lost
    if choice < 0.7: chars[3] = "O"; return "".join(chars)  # O read for 0
    return "X" + "".join(chars[1:])                      # province not recognised

trucks = []
last_seen = {}
i = 0
while len(trucks) < N:
    r = rng.random()
    note = ""
    if r < 0.06:
        p, color, note = rng.choice(strangers), "yellow", "not in ledger"
    elif r < 0.08:
        v = rng.choice(fleet); p, color, note = misread(v["plate"]), v["plate_color"], "misread"
    else:
        v = rng.choice(fleet)
        p, color = v["plate"], v["plate_color"]
    if last_seen.get(p, -99) > len(trucks) - 15:  # no repeat inside the debounce window
        continue
    conf = round(rng.uniform(0.86, 0.99), 2)
    if rng.random() < 0.03: conf, note = round(rng.uniform(0.4, 0.7), 2), (note + " low confidence").strip()
    reads = rng.choice([1, 1, 1, 2, 2, 3])
    fmt = "vzenith" if rng.random() < 0.8 else "generic"
    last_seen[p] = len(trucks)
    trucks.append(dict(plate=p, color=color, confidence=conf, reads=reads, format=fmt, note=note))

with open(os.path.join(here, "trucks.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=["plate", "color", "confidence", "reads", "format", "note"])
    w.writeheader()
    w.writerows(trucks)
print(f"wrote {len(ledger)} ledger entries and {len(trucks)} trucks to {here}")
