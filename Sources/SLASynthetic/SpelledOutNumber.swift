/// English words for a number, capitalized the way the seed's agents are named:
/// `spelledOut(1) == "One"`, `spelledOut(21) == "Twenty-One"`, `spelledOut(105) == "One Hundred Five"`.
/// Defined for 1 ... 999 999; other values fall back to digits.
public func spelledOut(_ number: Int) -> String {
    guard number > 0, number < 1_000_000 else { return String(number) }
    let ones = ["", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
                "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen",
                "Eighteen", "Nineteen"]
    let tens = ["", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]

    func belowThousand(_ n: Int) -> String {
        var words: [String] = []
        if n >= 100 { words.append(ones[n / 100] + " Hundred") }
        let rest = n % 100
        if rest >= 20 {
            words.append(tens[rest / 10] + (rest % 10 == 0 ? "" : "-" + ones[rest % 10]))
        } else if rest > 0 {
            words.append(ones[rest])
        }
        return words.joined(separator: " ")
    }

    if number < 1000 { return belowThousand(number) }
    let thousands = belowThousand(number / 1000) + " Thousand"
    return number % 1000 == 0 ? thousands : thousands + " " + belowThousand(number % 1000)
}
