-- A gate database at schema version 1 as release 0.1.0 wrote it, before PRAGMA user_version
-- was used (user_version 0, meta schema_version 1): made by that release's gatectl ledger
-- import (two vehicles) plus one passage and its outbox row, then sqlite3 .dump. Frozen:
-- schema_migrations_test.cc opens it with the migrating code. Do not regenerate.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES('schema_version','1');
CREATE TABLE vehicles (
  id INTEGER PRIMARY KEY,
  ledger_key TEXT NOT NULL UNIQUE,
  plate TEXT NOT NULL, plate_color INTEGER NOT NULL, vehicle_class INTEGER NOT NULL,
  vin TEXT NOT NULL, engine_no TEXT NOT NULL, registration_date TEXT NOT NULL,
  emission_stage INTEGER NOT NULL, fuel_type INTEGER NOT NULL, vehicle_type TEXT NOT NULL,
  use TEXT NOT NULL, fleet TEXT NOT NULL, owner TEXT NOT NULL, registration_code TEXT NOT NULL,
  valid_from TEXT NOT NULL, valid_until TEXT NOT NULL, suspended INTEGER NOT NULL,
  updated_unix_ms INTEGER NOT NULL,
  exemption INTEGER NOT NULL DEFAULT 0, exemption_basis TEXT NOT NULL DEFAULT '',
  exemption_until TEXT NOT NULL DEFAULT '', machinery_registration INTEGER NOT NULL DEFAULT 0,
  test_report_valid_until TEXT NOT NULL DEFAULT '', positioning INTEGER NOT NULL DEFAULT 0);
INSERT INTO vehicles VALUES(1,'plate:豫HF50BC','豫HF50BC',2,1,'LZZRE12G9HP1G3DB9','E170067','2018-04-10',7,2,'N3','raw material','中原钢运','demo','','2025-01-01','2027-12-31',0,1795388989313,0,'','',0,'',0);
INSERT INTO vehicles VALUES(2,'plate:豫ACEB03','豫ACEB03',2,1,'LZZNPHSC9J0F6U5MX','E653023','2022-09-17',7,2,'N3','raw material','豫北运输','demo','','2025-01-01','2027-12-31',0,1795388989313,0,'','',0,'',0);
CREATE TABLE passages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  gate_id TEXT NOT NULL, lane_id TEXT NOT NULL, direction INTEGER NOT NULL,
  time_unix_ms INTEGER NOT NULL,
  plate_read TEXT NOT NULL, read_color INTEGER NOT NULL, confidence REAL NOT NULL,
  camera_id TEXT NOT NULL, image_sha256 TEXT NOT NULL, source TEXT NOT NULL,
  vehicle_known INTEGER NOT NULL,
  v_plate TEXT, v_plate_color INTEGER, v_class INTEGER, v_vin TEXT, v_engine_no TEXT,
  v_registration_date TEXT, v_stage INTEGER, v_fuel INTEGER, v_fleet TEXT,
  verdict INTEGER NOT NULL, rule_id TEXT NOT NULL, reason TEXT NOT NULL,
  policy_version TEXT NOT NULL, explanation TEXT NOT NULL, operator_id TEXT NOT NULL,
  alert_level INTEGER NOT NULL,
  outcome INTEGER NOT NULL, outcome_unix_ms INTEGER NOT NULL,
  committed_unix_ms INTEGER NOT NULL);
INSERT INTO passages VALUES(1,'HN-G1','L1',1,1763800000000,'豫HF50BC',2,0.96999999999999997335,'cam-1','','camera',1,'豫HF50BC',2,1,'LZZRE12G9HP1G3DB9','E170067','2018-04-10',6,2,'中原钢运',1,'stage-ok','','v1-demo','国六 may enter','',0,2,1763800004000,1763800000100);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  passage_seq INTEGER NOT NULL REFERENCES passages(seq),
  kind TEXT NOT NULL,
  created_unix_ms INTEGER NOT NULL,
  acked_unix_ms INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '', parked_unix_ms INTEGER, park_reason TEXT NOT NULL DEFAULT '', last_attempt_unix_ms INTEGER);
INSERT INTO outbox VALUES(1,1,'decision',1763800000100,NULL,0,'',NULL,'',NULL);
CREATE TABLE passage_outcomes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  passage_seq INTEGER NOT NULL REFERENCES passages(seq),
  outcome INTEGER NOT NULL,
  time_unix_ms INTEGER NOT NULL);
CREATE TABLE chain (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  ref INTEGER NOT NULL,
  time_unix_ms INTEGER NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE TABLE seals (
  date TEXT PRIMARY KEY,
  gate_id TEXT NOT NULL,
  first_chain_id INTEGER NOT NULL,
  last_chain_id INTEGER NOT NULL,
  last_hash TEXT NOT NULL,
  passages INTEGER NOT NULL,
  outcomes INTEGER NOT NULL,
  key_id TEXT NOT NULL,
  signature TEXT NOT NULL,
  sealed_unix_ms INTEGER NOT NULL);
CREATE TABLE vehicle_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ledger_key TEXT NOT NULL,
  time_unix_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  changes TEXT NOT NULL,
  snapshot BLOB NOT NULL);
INSERT INTO vehicle_history VALUES(1,'plate:豫HF50BC',1795388989313,'gatectl','create','plate: 豫HF50BC; plate_color: PLATE_COLOR_YELLOW; vehicle_class: VEHICLE_CLASS_TRANSPORT; vin: LZZRE12G9HP1G3DB9; engine_no: E170067; registration_date: 2018-04-10; emission_stage: EMISSION_STAGE_CHINA_VI; fuel_type: FUEL_TYPE_DIESEL; vehicle_type: N3; use: raw material; fleet: 中原钢运; owner: demo; valid_from: 2025-01-01; valid_until: 2027-12-31',replace('\n	豫HF50BC"LZZRE12G9HP1G3DB9*E1700672\n2018-04-108@JN3Rraw materialZ中原钢运bdemor\n2025-01-01z\n2027-12-31','\n',char(10)));
INSERT INTO vehicle_history VALUES(2,'plate:豫ACEB03',1795388989313,'gatectl','create','plate: 豫ACEB03; plate_color: PLATE_COLOR_YELLOW; vehicle_class: VEHICLE_CLASS_TRANSPORT; vin: LZZNPHSC9J0F6U5MX; engine_no: E653023; registration_date: 2022-09-17; emission_stage: EMISSION_STAGE_CHINA_VI; fuel_type: FUEL_TYPE_DIESEL; vehicle_type: N3; use: raw material; fleet: 豫北运输; owner: demo; valid_from: 2025-01-01; valid_until: 2027-12-31',replace('\n	豫ACEB03"LZZNPHSC9J0F6U5MX*E6530232\n2022-09-178@JN3Rraw materialZ豫北运输bdemor\n2025-01-01z\n2027-12-31','\n',char(10)));
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('vehicle_history',2);
INSERT INTO sqlite_sequence VALUES('passages',1);
INSERT INTO sqlite_sequence VALUES('outbox',1);
CREATE INDEX passages_time ON passages(time_unix_ms);
CREATE INDEX passages_plate ON passages(plate_read);
CREATE INDEX outbox_pending ON outbox(acked_unix_ms, id);
CREATE INDEX outbox_passage ON outbox(passage_seq);
CREATE INDEX passages_image ON passages(image_sha256);
CREATE INDEX outbox_parked ON outbox(parked_unix_ms) WHERE parked_unix_ms IS NOT NULL;
CREATE INDEX chain_ref ON chain(kind, ref);
CREATE INDEX vehicle_history_key ON vehicle_history(ledger_key, id);
COMMIT;
