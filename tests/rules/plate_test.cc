#include "rules/plate.h"

#include <gtest/gtest.h>

#include <string>

namespace gate::rules {
namespace {

Plate parse_ok(const std::string& text) {
  auto r = parse_plate(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error());
  return r.ok() ? r.value() : Plate{};
}

std::string parse_error(const std::string& text) {
  auto r = parse_plate(text);
  EXPECT_FALSE(r.ok()) << text << " parsed but should not";
  return r.ok() ? "" : r.error();
}

// ---- utf8_length ----

TEST(Utf8Length, CountsCodePoints) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("AB1"), 3u);
  EXPECT_EQ(utf8_length("豫H12345"), 7u);
  EXPECT_EQ(utf8_length("粤BD12345"), 8u);
  EXPECT_EQ(utf8_length("·"), 1u);
}

TEST(Utf8Length, InvalidBytesCountOneEach) {
  EXPECT_EQ(utf8_length("\xff\xfe"), 2u);
  EXPECT_EQ(utf8_length("A\xe8\xb1"), 3u);  // truncated 3-byte sequence: 2 stray bytes
  EXPECT_EQ(utf8_length("\xc0\xafX"), 3u);  // overlong '/' is invalid
}

// ---- normalise_plate ----

TEST(NormalisePlate, TrimsAndDropsSeparators) {
  EXPECT_EQ(normalise_plate("  豫H12345 "), "豫H12345");
  EXPECT_EQ(normalise_plate("豫H·12345"), "豫H12345");
  EXPECT_EQ(normalise_plate("豫H-123 45"), "豫H12345");
  EXPECT_EQ(normalise_plate("\t豫H12345\r\n"), "豫H12345");
  EXPECT_EQ(normalise_plate("\xe3\x80\x80豫H12345\xe3\x80\x80"), "豫H12345");  // U+3000
}

TEST(NormalisePlate, UpperCasesAscii) {
  EXPECT_EQ(normalise_plate("豫h1234a"), "豫H1234A");
  EXPECT_EQ(normalise_plate("粤bd12345"), "粤BD12345");
}

TEST(NormalisePlate, FoldsFullWidth) {
  EXPECT_EQ(normalise_plate("豫Ｈ１２３４５"), "豫H12345");
  EXPECT_EQ(normalise_plate("豫ｈ１２３４ａ"), "豫H1234A");    // full-width lower case too
  EXPECT_EQ(normalise_plate("豫Ｈ－１２３４５"), "豫H12345");  // full-width hyphen dropped
  EXPECT_EQ(normalise_plate("豫Ｈ１２３４挂"), "豫H1234挂");   // CJK untouched
}

// Found by tests/fuzz/plate_fuzz (corpus/plate_fuzz/crash-26cd3f2c…): invalid UTF-8 with blanks
// between its pieces normalised to a valid character, so normalising again changed the text.
TEST(NormalisePlate, BlankAfterInvalidBytesIsKeptSoNormalisingTwiceChangesNothing) {
  const std::string input = "\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\x91\xef\xbc\n\n\n\x92";
  const std::string once = normalise_plate(input);
  EXPECT_EQ(once, "AB1\xef\xbc\n\x92");
  EXPECT_EQ(normalise_plate(once), once);
  EXPECT_FALSE(parse_plate(input).ok());
}

TEST(NormalisePlate, EmptyAndBlank) {
  EXPECT_EQ(normalise_plate(""), "");
  EXPECT_EQ(normalise_plate("   "), "");
}

// ---- ordinary plates ----

TEST(ParsePlate, Ordinary) {
  Plate p = parse_ok("豫H12345");
  EXPECT_EQ(p.text, "豫H12345");
  EXPECT_EQ(p.province, "豫");
  EXPECT_EQ(p.authority, 'H');
  EXPECT_EQ(p.serial, "12345");
  EXPECT_EQ(p.kind, PlateKind::kOrdinary);
  EXPECT_EQ(p.suffix, PlateSuffix::kNone);
  EXPECT_EQ(p.energy_letter, 0);
  EXPECT_FALSE(p.pure_electric);
  EXPECT_FALSE(is_new_energy(p));
}

TEST(ParsePlate, OrdinaryWithLettersInSerial) {
  Plate p = parse_ok("京AZ9X8Y");
  EXPECT_EQ(p.serial, "Z9X8Y");
  EXPECT_EQ(p.kind, PlateKind::kOrdinary);
}

TEST(ParsePlate, RawInputIsNormalisedFirst) {
  Plate p = parse_ok(" 冀f·1234５ ");
  EXPECT_EQ(p.text, "冀F12345");
  EXPECT_EQ(p.authority, 'F');
}

TEST(ParsePlate, AllProvincesAccepted) {
  const std::string provinces[] = {"京", "津", "沪", "渝", "冀", "豫", "云", "辽", "黑", "湘", "皖",
                                   "鲁", "新", "苏", "浙", "赣", "鄂", "桂", "甘", "晋", "蒙", "陕",
                                   "吉", "闽", "贵", "粤", "青", "藏", "川", "宁", "琼"};
  EXPECT_EQ(std::size(provinces), 31u);
  for (const auto& prov : provinces) {
    Plate p = parse_ok(prov + "A12345");
    EXPECT_EQ(p.province, prov);
  }
}

TEST(ParsePlate, WrongProvince) {
  EXPECT_EQ(parse_error("X123456"), "character 1 'X': not a province abbreviation");
  EXPECT_EQ(parse_error("台A12345"), "character 1 '台': not a province abbreviation");
  EXPECT_EQ(parse_error("港A12345"), "character 1 '港': not a province abbreviation");
  EXPECT_EQ(parse_error("中A123456"), "character 1 '中': not a province abbreviation");
}

TEST(ParsePlate, AuthorityLetter) {
  EXPECT_EQ(parse_error("豫I12345"), "character 2 'I': letters I and O are not used on plates");
  EXPECT_EQ(parse_error("豫O12345"), "character 2 'O': letters I and O are not used on plates");
  EXPECT_EQ(parse_error("豫112345"),
            "character 2 '1': expected the issuing authority letter (A-Z without I, O)");
  EXPECT_EQ(parse_error("豫豫12345"),
            "character 2 '豫': expected the issuing authority letter (A-Z without I, O)");
  // Lower case is upper-cased by normalisation, so "i" is reported as 'I'.
  EXPECT_EQ(parse_error("豫i12345"), "character 2 'I': letters I and O are not used on plates");
}

TEST(ParsePlate, IAndOExcludedInSerial) {
  EXPECT_EQ(parse_error("豫H12I45"), "character 5 'I': letters I and O are not used on plates");
  EXPECT_EQ(parse_error("豫HO2345"), "character 3 'O': letters I and O are not used on plates");
  EXPECT_EQ(parse_error("豫H1234O"), "character 7 'O': letters I and O are not used on plates");
}

TEST(ParsePlate, SerialMustBeAlnum) {
  EXPECT_EQ(parse_error("豫H12#45"),
            "character 5 '#': expected a letter (A-Z without I, O) or a digit");
  EXPECT_EQ(parse_error("豫H1挂345"),
            "character 4 '挂': expected a letter (A-Z without I, O) or a digit");
  EXPECT_EQ(parse_error("豫H1234京"),
            "character 7 '京': expected a letter (A-Z without I, O), a digit or a suffix 挂, 学, "
            "警, 港, 澳, 领");
}

TEST(ParsePlate, WrongLength) {
  EXPECT_EQ(parse_error("豫H1234"),
            "plate has 6 characters; expected 7 (ordinary) or 8 (new-energy)");
  EXPECT_EQ(parse_error("豫H1234567"),
            "plate has 9 characters; expected 7 (ordinary) or 8 (new-energy)");
  EXPECT_EQ(parse_error("豫"), "plate has 1 characters; expected 7 (ordinary) or 8 (new-energy)");
  EXPECT_EQ(parse_error(""), "plate is empty");
  EXPECT_EQ(parse_error(" · "), "plate is empty");
}

TEST(ParsePlate, InvalidUtf8IsNamed) {
  EXPECT_EQ(parse_error("\xff"
                        "A12345"),
            "character 1 '\\xFF': not a province abbreviation");
  EXPECT_EQ(parse_error("豫H12\xff"
                        "45"),
            "character 5 '\\xFF': expected a letter (A-Z without I, O) or a digit");
}

// ---- suffixes ----

struct SuffixCase {
  const char* text;
  PlateSuffix suffix;
};

TEST(ParsePlate, EachSuffix) {
  const SuffixCase cases[] = {
      {"豫H1234挂", PlateSuffix::kTrailer}, {"豫H1234学", PlateSuffix::kLearner},
      {"豫H1234警", PlateSuffix::kPolice},  {"粤Z1234港", PlateSuffix::kHongKong},
      {"粤Z1234澳", PlateSuffix::kMacau},   {"沪A1234领", PlateSuffix::kConsulate},
  };
  for (const auto& c : cases) {
    Plate p = parse_ok(c.text);
    EXPECT_EQ(p.kind, PlateKind::kOrdinary) << c.text;
    EXPECT_EQ(p.suffix, c.suffix) << c.text;
    EXPECT_EQ(p.serial, "1234") << c.text;  // suffix excluded
    EXPECT_EQ(p.text, c.text);
  }
}

TEST(ParsePlate, SuffixFormNeedsFourAlnum) {
  EXPECT_EQ(parse_ok("豫HA2B4挂").serial, "A2B4");
  EXPECT_EQ(parse_error("豫H12I4挂"), "character 5 'I': letters I and O are not used on plates");
  // A suffix on an 8-character plate is not a valid form: it sits where the energy letter goes.
  EXPECT_EQ(parse_error("豫H12345挂"),
            "character 8 '挂': expected an energy letter: D, A, B, C, E (pure electric) or F, G, "
            "H, J, K (other) (large new-energy plate)");
  // A suffix is only read at the end.
  EXPECT_EQ(parse_error("豫H挂1234"),
            "character 3 '挂': expected a letter (A-Z without I, O) or a digit");
}

// ---- embassy ----

TEST(ParsePlate, Embassy) {
  Plate p = parse_ok("使014578");
  EXPECT_EQ(p.kind, PlateKind::kEmbassy);
  EXPECT_EQ(p.province, "使");
  EXPECT_EQ(p.authority, 0);
  EXPECT_EQ(p.serial, "014578");
  EXPECT_EQ(p.suffix, PlateSuffix::kNone);
  EXPECT_FALSE(is_new_energy(p));
}

TEST(ParsePlate, EmbassyErrors) {
  EXPECT_EQ(parse_error("使01457"),
            "embassy plate has 6 characters; expected 7 (使 followed by 6 digits)");
  EXPECT_EQ(parse_error("使0145789"),
            "embassy plate has 8 characters; expected 7 (使 followed by 6 digits)");
  EXPECT_EQ(parse_error("使01A578"),
            "character 4 'A': expected a digit (embassy plate: 使 followed by 6 digits)");
  EXPECT_EQ(parse_error("使0O4578"), "character 3 'O': letters I and O are not used on plates");
}

// ---- new-energy small (energy letter 3rd) ----

TEST(ParsePlate, NewEnergySmallPureElectric) {
  for (char letter : std::string("DABCE")) {
    const std::string text = std::string("粤B") + letter + "12345";
    Plate p = parse_ok(text);
    EXPECT_EQ(p.kind, PlateKind::kNewEnergySmall) << text;
    EXPECT_EQ(p.energy_letter, letter) << text;
    EXPECT_TRUE(p.pure_electric) << text;
    EXPECT_EQ(p.serial, std::string(1, letter) + "12345");
    EXPECT_TRUE(is_new_energy(p));
  }
}

TEST(ParsePlate, NewEnergySmallOther) {
  for (char letter : std::string("FGHJK")) {
    const std::string text = std::string("粤B") + letter + "A2345";
    Plate p = parse_ok(text);
    EXPECT_EQ(p.kind, PlateKind::kNewEnergySmall) << text;
    EXPECT_EQ(p.energy_letter, letter) << text;
    EXPECT_FALSE(p.pure_electric) << text;
    EXPECT_TRUE(is_new_energy(p));
  }
}

TEST(ParsePlate, NewEnergySmallErrors) {
  EXPECT_EQ(parse_error("粤BZ12345"),
            "character 3 'Z': expected an energy letter: D, A, B, C, E (pure electric) or F, G, "
            "H, J, K (other) (small new-energy plate) or a digit (large new-energy plate)");
  EXPECT_EQ(parse_error("粤BI12345"), "character 3 'I': letters I and O are not used on plates");
  EXPECT_EQ(parse_error("粤BDI2345"), "character 4 'I': letters I and O are not used on plates");
  EXPECT_EQ(parse_error("粤BD#2345"),
            "character 4 '#': expected a letter (A-Z without I, O) or a digit (small new-energy "
            "plate)");
  EXPECT_EQ(parse_error("粤BD1A345"), "character 5 'A': expected a digit (small new-energy plate)");
  EXPECT_EQ(parse_error("粤BD1234O"), "character 8 'O': letters I and O are not used on plates");
}

// ---- new-energy large (energy letter 8th) ----

TEST(ParsePlate, NewEnergyLarge) {
  Plate p = parse_ok("豫H12345D");
  EXPECT_EQ(p.kind, PlateKind::kNewEnergyLarge);
  EXPECT_EQ(p.energy_letter, 'D');
  EXPECT_TRUE(p.pure_electric);
  EXPECT_EQ(p.serial, "12345D");
  EXPECT_TRUE(is_new_energy(p));

  Plate f = parse_ok("豫H12345F");
  EXPECT_EQ(f.kind, PlateKind::kNewEnergyLarge);
  EXPECT_FALSE(f.pure_electric);

  for (char letter : std::string("DABCEFGHJK")) {
    const std::string text = std::string("冀A00001") + letter;
    Plate q = parse_ok(text);
    EXPECT_EQ(q.kind, PlateKind::kNewEnergyLarge) << text;
    EXPECT_EQ(q.pure_electric, std::string("DABCE").find(letter) != std::string::npos) << text;
  }
}

TEST(ParsePlate, NewEnergyLargeErrors) {
  EXPECT_EQ(parse_error("豫H1234AD"),
            "character 7 'A': expected a digit (large new-energy plate: 5 digits then the energy "
            "letter)");
  EXPECT_EQ(parse_error("豫H12345Z"),
            "character 8 'Z': expected an energy letter: D, A, B, C, E (pure electric) or F, G, "
            "H, J, K (other) (large new-energy plate)");
  EXPECT_EQ(parse_error("豫H123456"),
            "character 8 '6': expected an energy letter: D, A, B, C, E (pure electric) or F, G, "
            "H, J, K (other) (large new-energy plate)");
  EXPECT_EQ(parse_error("豫H12345I"), "character 8 'I': letters I and O are not used on plates");
  EXPECT_EQ(parse_error("豫H1O345D"), "character 4 'O': letters I and O are not used on plates");
}

TEST(ParsePlate, NewEnergyWithSeparatorsAndFullWidth) {
  Plate p = parse_ok("粤B·ｄ12345");
  EXPECT_EQ(p.text, "粤BD12345");
  EXPECT_EQ(p.kind, PlateKind::kNewEnergySmall);
}

// ---- check_plate_read_shape ----

std::string shape_error(const std::string& raw) {
  const Status st = check_plate_read_shape(raw);
  EXPECT_FALSE(st.ok()) << raw << " taken as a plate read but should not";
  return st.message();
}

TEST(PlateReadShape, PlatesAndMisreadsOfPlatesAreTaken) {
  for (const char* raw :
       {"豫H12345", "粤BD12345", "豫G65081F", "使123456", "豫H1234挂", "粤Z1234港", "京A1234警",
        "豫H1234学", "沪A1234领", " 豫H·123-45 ", "豫h12345", "豫H1234I", "豫H1234O5", "12345豫A",
        "豫", "ABCDEFGHIJ", "豫Ｈ１２３４５"}) {
    EXPECT_TRUE(check_plate_read_shape(raw).ok())
        << raw << ": " << check_plate_read_shape(raw).message();
  }
}

TEST(PlateReadShape, TooLongIsRefusedBeforeItIsRead) {
  EXPECT_EQ(shape_error("豫H123456789"), "has 11 characters; a plate has 7 or 8");
  EXPECT_EQ(shape_error(std::string(7 * 1024 * 1024, 'A')),
            "is 7340032 bytes long; a plate has 7 or 8 characters");
}

TEST(PlateReadShape, CharactersOnNoPlateAreNamed) {
  EXPECT_EQ(shape_error("豫H12<b>"),
            "character 5 '<' is on no plate (plates hold a province abbreviation or 使, letters, "
            "digits and 挂 学 警 港 澳 领)");
  EXPECT_NE(shape_error("=HYPERLINK").find("character 1 '='"), std::string::npos);
  EXPECT_NE(shape_error("_无_").find("character 1 '_'"), std::string::npos);
  EXPECT_NE(shape_error("豫H1234\xff").find("character 7 '\\xFF'"), std::string::npos);
  EXPECT_NE(shape_error("豫H\xe4\xb8").find("is on no plate"), std::string::npos);
  EXPECT_EQ(shape_error("   "), "is empty");
}

TEST(PlateReadShape, ControlCharactersAreRefusedEvenWhereNormalisingWouldDropThem) {
  EXPECT_EQ(shape_error("豫H\n12345"), "holds U+000A (a control character) at character 3");
  EXPECT_EQ(shape_error("豫H12\u202e345"),
            "holds U+202E (a bidirectional override) at character 5");
  EXPECT_EQ(shape_error("豫H12345\x7f"), "holds U+007F (a control character) at character 8");
}

}  // namespace
}  // namespace gate::rules
