import Testing
@testable import CodecloudCron

@Suite struct CronParsingTests {
    /// What parsing one expression should give.
    enum Expectation: Sendable, CustomTestStringConvertible {
        /// Parses, and fires exactly when the other spelling does.
        case valid(sameAs: String?)
        /// Fails, blaming this field (nil: the whole expression).
        case invalid(CronField?)

        var testDescription: String {
            switch self {
            case .valid(let other): "valid" + (other.map { " = \($0)" } ?? "")
            case .invalid(let field): "invalid \(field.map(String.init(describing:)) ?? "expression")"
            }
        }
    }

    static let table: [(String, Expectation)] = [
        ("* * * * *", .valid(sameAs: nil)),
        ("0 */6 * * *", .valid(sameAs: "0 0,6,12,18 * * *")),
        ("0 9 * * MON-FRI", .valid(sameAs: "0 9 * * 1-5")),
        ("30 2 * * *", .valid(sameAs: nil)),
        ("0 0 1 * *", .valid(sameAs: nil)),
        ("0 9 * * 1", .valid(sameAs: "0 9 * * mon")),
        ("*/15 * * * *", .valid(sameAs: "0,15,30,45 * * * *")),
        ("0 9 * * sun", .valid(sameAs: "0 9 * * 7")),
        ("0 9 * * 0", .valid(sameAs: "0 9 * * 7")),
        ("0 9 * jan,Jul *", .valid(sameAs: "0 9 * 1,7 *")),
        ("0-30/10 * * * *", .valid(sameAs: "0,10,20,30 * * * *")),
        ("5/20 * * * *", .valid(sameAs: "5,25,45 * * * *")),
        ("0 0 * * 5-7", .valid(sameAs: "0 0 * * 0,5,6")),
        ("0 0 * * MON/2", .valid(sameAs: "0 0 * * 0,1,3,5")),
        ("1,2,3-5,10-20/5 * * * *", .valid(sameAs: "1-5,10,15,20 * * * *")),
        ("0 12 * FEB-APR */2", .valid(sameAs: "0 12 * 2,3,4 0,2,4,6")),
        ("  0   9\t*  *  *  ", .valid(sameAs: "0 9 * * *")),
        ("59 23 31 12 *", .valid(sameAs: nil)),
        ("0 0 29 2 *", .valid(sameAs: nil)),
        ("0 0 30 2 *", .valid(sameAs: nil)),
        ("0 0 1-7 * MON", .valid(sameAs: nil)),
        ("0 0 */40 * *", .valid(sameAs: "0 0 1 * *")),
        ("", .invalid(nil)),
        ("* * * *", .invalid(nil)),
        ("* * * * * *", .invalid(nil)),
        ("@hourly", .invalid(nil)),
        ("60 * * * *", .invalid(.minute)),
        ("a * * * *", .invalid(.minute)),
        ("-5 * * * *", .invalid(.minute)),
        ("+5 * * * *", .invalid(.minute)),
        ("1-2-3 * * * *", .invalid(.minute)),
        ("*/0 * * * *", .invalid(.minute)),
        ("*/x * * * *", .invalid(.minute)),
        ("*/ * * * *", .invalid(.minute)),
        ("1/2/3 * * * *", .invalid(.minute)),
        ("1,,2 * * * *", .invalid(.minute)),
        ("1, * * * *", .invalid(.minute)),
        ("* 24 * * *", .invalid(.hour)),
        ("* 17-9 * * *", .invalid(.hour)),
        ("* * 0 * *", .invalid(.dayOfMonth)),
        ("* * 32 * *", .invalid(.dayOfMonth)),
        ("* * L * *", .invalid(.dayOfMonth)),
        ("* * * 0 *", .invalid(.month)),
        ("* * * 13 *", .invalid(.month)),
        ("* * * JANUARY *", .invalid(.month)),
        ("* * * MON *", .invalid(.month)),
        ("* * * * 8", .invalid(.dayOfWeek)),
        ("* * * * FRI-MOM", .invalid(.dayOfWeek)),
        ("* * * * MON-", .invalid(.dayOfWeek)),
        ("* * * * JAN", .invalid(.dayOfWeek)),
        ("* * * * ?", .invalid(.dayOfWeek)),
        ("* * * * SAT-MON", .invalid(.dayOfWeek)),
    ]

    @Test(arguments: table)
    func parses(_ text: String, _ expectation: Expectation) throws {
        switch expectation {
        case .valid(let other):
            let expression = try CronExpression(parsing: text)
            if let other {
                #expect(expression == (try CronExpression(parsing: other)))
            }
        case .invalid(let field):
            let error = try #require(throws: CronError.self) { try CronExpression(parsing: text) }
            #expect(error.field == field)
            #expect(error.kind == .syntax)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func tableIsLargeEnough() {
        #expect(Self.table.count >= 40)
    }

    @Test(arguments: [
        ("* * * * FRI-MOM", "day-of-week field 'FRI-MOM': 'MOM' is not a day name (SUN–SAT) or number 0–7"),
        ("60 * * * *", "minute field '60': 60 is out of range; expected a number 0–59"),
        ("* * * JANUARY *", "month field 'JANUARY': 'JANUARY' is not a month name (JAN–DEC) or number 1–12"),
        ("* 17-9 * * *", "hour field '17-9': range '17-9' runs backwards; write it as a list, e.g. '17-23,0-9'"),
        ("*/0 * * * *", "minute field '*/0': step '0' is not a whole number of at least 1"),
        ("1,,2 * * * *", "minute field '1,,2': empty list item; separate values with single commas"),
        ("* * * * MON-", "day-of-week field 'MON-': a missing value is not a day name (SUN–SAT) or number 0–7"),
        ("* * *", "cron expression '* * *' has 3 fields; expected 5 (minute hour day-of-month month day-of-week)"),
    ])
    func errorMessageNamesFieldTextAndRule(_ text: String, _ message: String) throws {
        let error = try #require(throws: CronError.self) { try CronExpression(parsing: text) }
        #expect(error.description == message)
    }

    @Test func keepsTheTextAsWrittenWithSpacesCollapsed() throws {
        let expression = try CronExpression(parsing: " 0  9 * *\tMON-FRI ")
        #expect(expression.text == "0 9 * * MON-FRI")
        #expect(expression.description == "0 9 * * MON-FRI")
    }

    @Test func equalExpressionsHashAlike() throws {
        let set: Set = [try CronExpression(parsing: "0 9 * * MON-FRI"), try CronExpression(parsing: "0 9 * * 1-5")]
        #expect(set.count == 1)
    }

    @Test func starPrefixedDayFieldsCombineWithAndOthersWithOr() throws {
        // Vixie cron: both restricted → either; one starting with `*` → both must match.
        let either = try CronExpression(parsing: "0 0 13 * FRI")
        #expect(either.matchesDay(13, weekday: 2))
        #expect(either.matchesDay(6, weekday: 5))
        #expect(!either.matchesDay(6, weekday: 2))
        let both = try CronExpression(parsing: "0 0 */2 * FRI")
        #expect(both.matchesDay(13, weekday: 5))
        #expect(!both.matchesDay(13, weekday: 2))
        #expect(!both.matchesDay(6, weekday: 5))
    }
}
