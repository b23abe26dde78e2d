import EcoML
import EcoRandom
import Testing

struct SplitsTests {
    static let target = Target.classes((0..<100).map { $0 < 80 ? 0 : 1 }, names: ["a", "b"])

    @Test func theGeneratorRepeatsItsStreamForASeed() {
        var a = Xoshiro256StarStar(seed: 42), b = Xoshiro256StarStar(seed: 42), c = Xoshiro256StarStar(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var rng = Xoshiro256StarStar(seed: 7)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let v = rng.below(6)
            #expect((0..<6).contains(v))
            seen.insert(v)
        }
        #expect(seen.count == 6)
    }

    @Test func kFoldHoldsOutEveryRowExactlyOnceAndKeepsClassShares() {
        let folds = Splits.kFold(target: Self.target, folds: 5, seed: 3)
        #expect(folds.flatMap(\.test).sorted() == Array(0..<100))
        for fold in folds {
            #expect(fold.test.count == 20)
            #expect(fold.test.filter { $0 >= 80 }.count == 4)
            #expect(Set(fold.train).isDisjoint(with: fold.test))
        }
    }

    @Test func splitsAreReproducibleFromTheSeed() {
        #expect(Splits.kFold(target: Self.target, folds: 4, seed: 9) == Splits.kFold(target: Self.target, folds: 4, seed: 9))
        #expect(Splits.kFold(target: Self.target, folds: 4, seed: 9) != Splits.kFold(target: Self.target, folds: 4, seed: 10))
    }

    @Test func trainValidationTestIsStratifiedAndComplete() {
        let parts = Splits.trainValidationTest(target: Self.target, validationFraction: 0.2, testFraction: 0.1, seed: 1)
        #expect((parts.train + parts.validation + parts.test).sorted() == Array(0..<100))
        #expect(parts.test.count == 10 && parts.test.filter { $0 >= 80 }.count == 2)
        #expect(parts.validation.count == 20 && parts.validation.filter { $0 >= 80 }.count == 4)
    }
}
