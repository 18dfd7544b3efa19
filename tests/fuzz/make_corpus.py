#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target under tests/fuzz/corpus/<target>/ (README.md).

Seeds are small real-format samples, most taken from the repository's own fixtures (the demo
configuration, the shipped policy sets and scenarios, the demo ledger and truck list, the
examples of docs/uplink.md and docs/display.md). Rerun after changing a format; files of
crashes found by fuzzing (crash-*) are kept as they are.
"""
import base64
import io
import json
import os
import struct
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")

# An 8x4 JPEG made with OpenCV (cv::imencode, quality 30).
TINY_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABsSFBcUERsXFhceHBsgKEIrKCUlKFE6PTBCYFVlZF9VXVtqeJmBanGQ"
    "c1tdhbWGkJ6jq62rZ4C8ybqmx5moq6T/2wBDARweHigjKE4rK06kbl1upKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSk"
    "pKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKT/wAARCAAEAAgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAA"
    "AAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAk"
    "M2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKT"
    "lJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QA"
    "HwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdh"
    "cRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hp"
    "anN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk"
    "5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDRooorxjc//9k=")


def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def head_lines(rel, n):
    return b"".join(read(rel).splitlines(keepends=True)[:n])


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def js(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# --- camera events -------------------------------------------------------------------------
def vzenith(license="豫H12345", color=2, confidence=98, image=None, stamp=True):
    pr = {"license": license, "colorType": color, "confidence": confidence, "direction": 0,
          "triggerType": 8}
    if stamp:
        pr["timeStamp"] = {"Timeval": {"sec": 1718000000, "usec": 123456}}
    if image is not None:
        pr["imageFile"] = base64.b64encode(image).decode()
        pr["imageFileLen"] = len(image)
    return js({"AlarmInfoPlate": {"channel": 0, "deviceName": "IVS", "ipaddr": "192.168.1.100",
                                  "serialno": "a1b2c3d4-e5f60001",
                                  "result": {"PlateResult": pr}}})


def generic(plate="豫H12345", image=None, **extra):
    body = {"plate": plate, "color": "yellow", "confidence": 0.93, "time_unix_ms": 1760000000000,
            "lane": "L1", "camera": "cam-1"}
    if image is not None:
        body["image_jpeg_base64"] = base64.b64encode(image).decode()
    body.update(extra)
    return js(body)


def camera_events():
    put("vzenith_event_fuzz", "plain", vzenith())
    put("vzenith_event_fuzz", "with_image", vzenith(image=TINY_JPEG))
    put("vzenith_event_fuzz", "green_no_stamp", vzenith("豫HD12345", 5, 91, stamp=False))
    put("vzenith_event_fuzz", "unlicensed", vzenith("_无_", 0, 0))
    # A JPEG whose frame header declares 30000 x 30000 pixels (rules/image_header.h).
    huge = bytearray(TINY_JPEG)
    sof = huge.find(b"\xff\xc0")
    huge[sof + 5:sof + 9] = struct.pack(">HH", 30000, 30000)
    put("vzenith_event_fuzz", "regress-huge-jpeg-header", vzenith(image=bytes(huge)))
    put("generic_event_fuzz", "plain", generic())
    put("generic_event_fuzz", "with_image", generic(image=TINY_JPEG))
    put("generic_event_fuzz", "out_null", generic("豫G97274F", direction="out", camera=None))
    put("generic_event_fuzz", "base64_only", base64.b64encode(b"\x00\x01 plate \xff").decode())
    for name, method, target, body in [
        ("vzenith", "POST", "/camera/vzenith/L1", vzenith(image=TINY_JPEG)),
        ("generic", "POST", "/camera/generic?x=1&y=%E8%B1%AB+H", generic()),
        ("unknown_lane", "POST", "/camera/vzenith/L9", vzenith()),
        ("get", "GET", "/camera/generic", ""),
    ]:
        raw = (f"{method} {target} HTTP/1.1\r\nHost: 192.168.1.10:8080\r\n"
               f"Content-Type: application/json\r\nX-Repeat: a\r\nX-Repeat: b\r\n"
               f"Content-Length: {len(body.encode())}\r\n\r\n{body}")
        put("camera_request_fuzz", name, raw)
    chunk = generic().encode()
    put("camera_request_fuzz", "chunked",
        b"POST /camera/generic HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" +
        b"%x\r\n" % len(chunk) + chunk + b"\r\n0\r\n\r\n")


# --- uplink ----------------------------------------------------------------------------------
RECORD = {
    "key": "HN-JZ-0001-G1-1234-decision", "backfill": False,
    "sent_at": "2026-11-22T08:00:01+08:00", "kind": "decision", "gate_id": "HN-JZ-0001-G1",
    "seq": "1234",
    "decision": {
        "time": "2026-11-22T08:00:00+08:00", "lane_id": "L1", "direction": 1,
        "plate": "豫H43881", "plate_color": 1, "plate_color_name": "yellow", "confidence": 0.93,
        "camera_id": "L1-front",
        "image_sha256": "b63e8e9d6356dc6bc9341a4e5fc8ca052f5583e3546cc94c234a14c74dbee7d4",
        "vehicle_known": True,
        "vehicle": {"plate": "豫H43881", "vin": "LZZ5ELND3KW123456", "engine_no": "E170067",
                    "registration_date": "2018-04-10", "emission_stage": "4", "fuel_type": "B",
                    "vehicle_class": 1, "fleet": "中原钢运"},
        "verdict": "refuse", "rule_id": "alert.min_stage", "reason": "橙色预警 国IV 禁止通行",
        "policy_version": "henan-jiaozuo-2025.3", "operator_id": "", "alert_level": 2}}
OUTCOME = {"key": "HN-JZ-0001-G1-1233-outcome", "backfill": True,
           "sent_at": "2026-11-22T09:12:40+08:00", "kind": "outcome", "gate_id": "HN-JZ-0001-G1",
           "seq": "1233",
           "outcome": {"outcome": "passed", "time": "2026-11-22T07:59:41+08:00"}}
UPLOAD_REPLY = {"acked": ["HN-JZ-0001-G1-1234-decision", "HN-JZ-0001-G1-1233-outcome"],
                "rejected": [{"key": "HN-JZ-0001-G1-1235-decision", "code": "code_table",
                              "reason": "decision.plate_color 7 is not in the etc table"}]}
HEARTBEAT = {"gate_id": "HN-JZ-0001-G1", "time": "2026-11-22T08:00:30+08:00",
             "lanes": [{"lane_id": "L1", "barrier_online": True}], "backlog_records": "0",
             "backlog_age_s": "0", "parked_records": "0", "delivered_live_share": 0.998,
             "alert_level": 2, "downlink_cursor": "17", "software": "gated gate-uplink/1"}
HEARTBEAT_REPLY = {"server_time": "2026-11-22T08:00:30+08:00", "downlink_cursor": "18"}
DOWNLINK = {
    "cursor": "18", "full": False,
    "control": {"alert_level": 2, "response_level": 2,
                "measures": ["国四及以下柴油货车禁止通行", "停止使用国二及以下非道路移动机械"],
                "issued_at": "2026-11-22T07:30:00+08:00",
                "effective_until": "2026-11-25T00:00:00+08:00",
                "issuer": "焦作市重污染天气应急指挥部", "reference": "焦重污指〔2026〕12号"},
    "changes": [{"list": "excess_emission", "op": "add", "plate": "豫H43881", "plate_color": 1,
                 "reason": "遥感监测超标 2026-11-20"},
                {"list": "whitelist", "op": "remove", "plate": "豫H12345", "plate_color": 1,
                 "reason": ""}],
    "more": False}
ERROR = {"code": "signature", "message": "signature does not match"}


def frame(obj):
    payload = js(obj).encode()
    return struct.pack(">I", len(payload)) + payload


def uplink():
    put("uplink_http_reply_fuzz", "upload_reply", b"\x00" + js(UPLOAD_REPLY).encode())
    put("uplink_http_reply_fuzz", "heartbeat_reply", b"\x01" + js(HEARTBEAT_REPLY).encode())
    put("uplink_http_reply_fuzz", "downlink", b"\x02" + js(DOWNLINK).encode())
    put("uplink_http_reply_fuzz", "downlink_full",
        b"\x02" + js({"cursor": "1", "full": True, "changes": [], "more": True}).encode())
    put("uplink_http_reply_fuzz", "error", b"\x03" + js(ERROR).encode())
    login = frame({"msg_id": "1", "login_reply": {"ok": True, "error": "",
                                                  "server_time": "2026-11-22T08:00:30+08:00"}})
    ack = frame({"msg_id": "7", "record_ack": {"key": "HN-JZ-0001-G1-1234-decision", "ok": True,
                                               "code": "", "reason": ""}})
    nack = frame({"msg_id": "8", "record_ack": {"key": "HN-JZ-0001-G1-1235-decision",
                                                "ok": False, "code": "retry", "reason": "busy"}})
    hb = frame({"msg_id": "9", "heartbeat_reply": HEARTBEAT_REPLY})
    dl = frame({"msg_id": "10", "downlink": DOWNLINK})
    err = frame({"msg_id": "11", "error": ERROR})
    put("uplink_tcp_frame_fuzz", "session", b"\x05\x01" + login + ack + nack + hb + dl)
    put("uplink_tcp_frame_fuzz", "one_byte_reads", b"\x00\x01" + login + err)
    put("uplink_tcp_frame_fuzz", "small_limit", b"\x3f\x00" + dl)
    put("platform_request_fuzz", "batch", b"\x00\x01" + js(
        {"profile": "gate-uplink/1", "gate_id": "HN-JZ-0001-G1",
         "batch_id": "HN-JZ-0001-G1-1795305601-42", "records": [RECORD, OUTCOME]}).encode())
    put("platform_request_fuzz", "heartbeat", b"\x01\x00" + js(HEARTBEAT).encode())
    put("platform_request_fuzz", "tcp_record", b"\x02\x03" + js(
        {"msg_id": "7", "record": RECORD}).encode())
    put("platform_request_fuzz", "tcp_login", b"\x02\x00" + js(
        {"msg_id": "1", "login": {"profile": "gate-uplink/1", "gate_id": "HN-JZ-0001-G1",
                                  "app_key": "HN-JZ-0001-G1", "timestamp": "1795305600",
                                  "nonce": "8f2c4e1a9b7d3f60c5e8a1b2d4f6e7c9",
                                  "signature": "857ae10b7db357c5e9bbaf7c4953bbeb"}}).encode())


# --- files ----------------------------------------------------------------------------------
LEDGER_HEADER = ("plate,plate_color,vehicle_class,vin,engine_no,registration_date,emission_stage,"
                 "fuel_type,vehicle_type,use,fleet,owner,registration_code,valid_from,valid_until,"
                 "suspended")


def ledgers():
    demo = head_lines("sim/scenarios/demo/ledger.csv", 12)
    put("ledger_csv_fuzz", "demo_head", demo)
    put("ledger_csv_fuzz", "demo_head_gbk", demo.decode("utf-8").encode("gb18030"))
    put("ledger_csv_fuzz", "policy_columns", (
        "\ufeffplate,plate_color,vehicle_class,emission_stage,fuel_type,valid_from,valid_until,"
        "suspended,exemption,exemption_basis,exemption_until,machinery_registration,"
        "test_report_valid_until,positioning,registration_code,doc_license\r\n"
        "豫H12345,黄,transport,国V,B,2025-01-01,,no,hazardous_goods,\"危运证 豫交危, 1\",2026-12-31,,,,,"
        "docs/a.jpg;docs/b.jpg\r\n"
        ",,machinery,X,B,,,1,,,,registered,2026-06-30,ok,\"HN'=001\",\r\n"
        "\"豫H5432\"\"1,yellow,in_plant,4,B,,,0,,,,,,,,\r\n"))
    put("ledger_csv_fuzz", "bad_rows", LEDGER_HEADER + "\nsuspend\n豫H12345,blue,transport,Z,Q,"
        "2019-02-30,6,B,N3,,,,,2025-13-01,,maybe\n\"open,quote\n'=SUM(A1),,in_plant,,,,,,,,,,,,,\n")
    for name, parts in xlsx_parts().items():
        put("ledger_xlsx_fuzz", "parts_" + name, parts_input(parts, deflate=False))
        put("ledger_xlsx_fuzz", "zip_" + name, zip_bytes(parts))


def xlsx_parts():
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>')
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<workbookPr date1904="false"/><sheets><sheet name="台账" sheetId="1" r:id="rId1"/>'
        '<sheet name="notes" sheetId="2" r:id="rId2"/></sheets></workbook>')
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>')
    strings = ["plate", "plate_color", "vehicle_class", "emission_stage", "fuel_type",
               "valid_from", "valid_until", "suspended", "豫H12345", "黄", "transport", "B"]
    shared = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              f'count="{len(strings)}" uniqueCount="{len(strings)}">' +
              "".join(f"<si><t>{s}</t></si>" for s in strings) +
              '<si><r><t>rich </t></r><r><t xml:space="preserve">text</t></r></si></sst>')
    styles = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;mm&quot;'
              '月&quot;dd&quot;日&quot;"/></numFmts><cellXfs count="3"><xf numFmtId="0"/>'
              '<xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/>'
              '</cellXfs></styleSheet>')
    header = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{i}</v></c>' for i in range(8))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData><row r="1">{header}</row>'
             '<row r="2"><c r="A2" t="s"><v>8</v></c><c r="B2" t="s"><v>9</v></c>'
             '<c r="C2" t="s"><v>10</v></c><c r="D2"><v>6</v></c><c r="E2" t="s"><v>11</v></c>'
             '<c r="F2" s="1"><v>45292</v></c><c r="G2" s="2"><v>46387.5</v></c>'
             '<c r="H2" t="b"><v>0</v></c></row>'
             '<row r="4"><c r="A4" t="inlineStr"><is><t>豫HD12345</t></is></c>'
             '<c r="C4" t="str"><v>in_plant</v></c><c r="D4" t="e"><v>#N/A</v></c>'
             '<c r="AA4" t="s"><v>12</v></c></row></sheetData></worksheet>')
    notes = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData/></worksheet>')
    full = {
        "[Content_Types].xml": content_types,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": rels,
        "xl/sharedStrings.xml": shared,
        "xl/styles.xml": styles,
        "xl/worksheets/sheet1.xml": sheet,
        "xl/worksheets/sheet2.xml": notes,
    }
    minimal = {k: v for k, v in full.items() if k not in ("xl/sharedStrings.xml", "xl/styles.xml")}
    minimal["xl/worksheets/sheet1.xml"] = sheet.replace(' t="s"><v>', ' t="str"><v>')
    date1904 = dict(full)
    date1904["xl/workbook.xml"] = workbook.replace('date1904="false"', 'date1904="1"')
    return {"full": full, "minimal": minimal, "date1904": date1904}


def parts_input(parts, deflate):
    out = bytes([1 if deflate else 0])
    return out + b"\x00".join(n.encode() + b"\n" + v.encode("utf-8") for n, v in parts.items())


def zip_bytes(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, v in parts.items():
            # A fixed time stamp, so that the seeds come out the same on every run.
            z.writestr(zipfile.ZipInfo(n, (2025, 1, 1, 0, 0, 0)), v,
                       compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def texts():
    put("config_text_fuzz", "demo", read("deploy/demo/gated.textproto"))
    # Its token file is made relative: the target skips configurations naming files outside
    # its scratch folder.
    put("config_text_fuzz", "package_default", read("deploy/package/gated.textproto").replace(
        b"/etc/gate/operator.token", b"api.token"))
    put("config_text_fuzz", "tokens_rtu_tcp_uplink", """
gate_id: "HN-JZ-0001-G1"
database_path: "data/gate.db"
photo_dir: "photos"
utc_offset_minutes: 480
camera { port: 8081 }
lanes {
  lane_id: "L1"
  direction: DIRECTION_OUT
  barrier { rtu { device: "/dev/ttyUSB0" baud: 19200 parity: "e" } slave_id: 3 open_coil: 2 }
  display { host: "192.168.1.50" port: 5005 address: 1 }
}
lanes { lane_id: "L2" barrier { tcp { host: "10.0.0.2" port: 502 } } }
uplink {
  profile: UPLINK_PROFILE_TCP_JSON
  url: "tls://platform.example:9443"
  app_key: "k"
  app_secret_file: "platform.secret"
  plate_color_table: PLATE_COLOR_TABLE_TRAFFIC_ETC
}
policy { version: "test-1" }
api { port: 8090 tokens { name: "zhang" role: API_ROLE_AUDITOR token_file: "api.token" } }
""")
    put("policy_text_fuzz", "kaifeng", read("rules/policies/henan-kaifeng-2025.textproto"))
    put("policy_text_fuzz", "jiaozuo", read("rules/policies/henan-jiaozuo-2025.textproto"))
    put("policy_text_fuzz", "small_share", """
id: "t" version: "v1" source: "test"
share { day_start_minute: 360 call_timeout_s: 60 max_wait_s: 600 }
choices { name: "c" options: "a" options: "b" default_option: "a" title: "t" source: "s" }
rule_sets {
  id: "i" source: "s"
  effective { from: "2025-01-01" until: "2025-12-31" }
  applies_to { industries: "steel" choices: "c=a" }
  identity { min_confidence: 0.8 plate_color_check: PLATE_COLOR_CHECK_FLAG }
  stage_rules { vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: EMISSION_STAGE_CHINA_V }
  share_rules { counter: "green" target_percent: 50 mode: SHARE_MODE_BUDGET
    counts_as { min_stage: EMISSION_STAGE_ELECTRIC } opening_allowance: 3 }
}
rule_sets { id: "j" source: "s" effective { from: "2026-01-01" } lists { refuse_excess_emission: true } }
""")
    for f in sorted(os.listdir(os.path.join(ROOT, "sim/scenarios"))):
        if f.endswith(".textproto"):
            put("scenario_file_fuzz", f[:-len(".textproto")], read("sim/scenarios/" + f))
    put("trucks_csv_fuzz", "demo_head", head_lines("sim/scenarios/demo/trucks.csv", 12))
    put("trucks_csv_fuzz", "generic_notes",
        "plate,color,confidence,reads,format,note\n豫H12345,yellow,1,3,generic,\"a, b\"\n"
        "豫HD12345,,0,0,vzenith,\n")


# --- device frames ----------------------------------------------------------------------------
def crc16(data):
    crc = 0xFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def display_frame(addr, colour, lines):
    payload = b"\x31" + colour + bytes([len(lines)])
    for l in lines:
        l = l.encode("utf-8")
        payload += bytes([len(l)]) + l
    body = bytes([addr]) + struct.pack(">H", len(payload)) + payload
    return b"\x02" + body + struct.pack("<H", crc16(body)) + b"\x03"


def frames():
    put("display_frame_fuzz", "refuse", display_frame(1, b"R", ["豫H12345", "国IV 禁止入厂"]))
    put("display_frame_fuzz", "two_frames_noise",
        b"\xff\x00" + display_frame(2, b"G", ["放行", "pass"]) + display_frame(0, b"W", []))
    put("display_frame_fuzz", "bad_crc", display_frame(1, b"Y", ["x"])[:-3] + b"\x00\x00\x03")
    # Modbus: byte 0 flags (bit 0 RTU, bit 1 keep the TCP transaction id), byte 1 unit,
    # byte 2 (bit 0 read inputs, then inputs-1), then what the module sends.
    def tcp(unit, pdu):
        return struct.pack(">HHHB", 1, 0, len(pdu) + 1, unit) + pdu

    def rtu(unit, pdu):
        adu = bytes([unit]) + pdu
        return adu + struct.pack("<H", crc16(adu))

    write_echo = b"\x05\x00\x00\xff\x00"
    put("modbus_reply_fuzz", "tcp_write", b"\x02\x01\x00" + tcp(1, write_echo))
    put("modbus_reply_fuzz", "tcp_read2", b"\x02\x01\x03" + tcp(1, b"\x02\x01\x02"))
    put("modbus_reply_fuzz", "tcp_exception", b"\x02\x01\x01" + tcp(1, b"\x82\x02"))
    put("modbus_reply_fuzz", "tcp_other_unit", b"\x02\x01\x00" + tcp(9, write_echo))
    put("modbus_reply_fuzz", "rtu_read16", b"\x01\x03\x1f" + rtu(3, b"\x02\x02\xff\x80"))
    put("modbus_reply_fuzz", "rtu_write", b"\x01\x03\x00" + rtu(3, write_echo))
    # Camera relay: byte 0 (bit 0 Dahua, bit 1 a challenge, bits 2-3 the status), then text.
    put("camera_relay_reply_fuzz", "isapi_ok",
        b"\x00<ResponseStatus><statusCode>1</statusCode><statusString>OK</statusString>"
        b"</ResponseStatus>")
    put("camera_relay_reply_fuzz", "isapi_refused",
        b"\x00<ResponseStatus><statusCode>4</statusCode><statusString>Invalid Operation"
        b"</statusString><subStatusCode>notSupport</subStatusCode></ResponseStatus>")
    put("camera_relay_reply_fuzz", "dahua_ok", b"\x01OK\r\n")
    put("camera_relay_reply_fuzz", "dahua_error_500", b"\x09Error\r\nBad Request!\r\n")
    put("camera_relay_reply_fuzz", "challenge_md5",
        b'\x02Digest realm="IP Camera", qop="auth", nonce="4e5749344d6a5a", stale="FALSE"')
    put("camera_relay_reply_fuzz", "challenge_sha256",
        b'\x02Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, '
        b'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe"')


# --- field values ----------------------------------------------------------------------------
def fields():
    for i, p in enumerate(["豫H12345", "豫HD12345", "豫G97274F", " 豫 h·12345 ", "使123456",
                           "豫H1234挂", "粤Z1234港", "ＡＢ１２", "LZZ5ELND3KW123456"]):
        put("plate_fuzz", f"p{i}", p)
    for i, t in enumerate(["2025-02-28", "2024-02-29", "2026-11-22T08:00:00+08:00",
                           "2026-11-22T00:00:00Z", "2026-11-23 06:00", "2026-11-23 06:00:30",
                           "2026/1/5", "20261122"]):
        put("date_time_fuzz", f"t{i}", t)
    put("date_time_fuzz", "serial", struct.pack("<d", 45292.75) + b"\x0e" + b"yyyy-mm-dd")
    put("csv_fuzz", "quoted", 'a,"b,c","d""e"\r\n\n"x\ny",\'=1+2,-5\n')
    put("csv_fuzz", "bom", "\ufeffplate,fleet\n豫H12345,中原钢运\n")


def main():
    camera_events()
    uplink()
    ledgers()
    texts()
    frames()
    fields()
    return 0


if __name__ == "__main__":
    sys.exit(main())
