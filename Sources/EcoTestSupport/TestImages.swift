import Foundation

/// Small PNG and JPEG images for tests of image prediction: solid-colour PNGs and a PNG bomb (written by
/// ``TinyPNG``), and one real JPEG.
public enum TestImages {
    /// A `width` × `height` 8-bit RGB PNG of one colour.
    public static func png(width: Int = 16, height: Int = 16, rgb: (UInt8, UInt8, UInt8)) -> [UInt8] {
        TinyPNG.rgb(width: width, height: height) { _, _ in rgb }
    }

    /// A PNG whose header claims `side` × `side` pixels (10 G by default) over a few bytes of data: a decoder
    /// that allocates what the header says before checking runs out of memory.
    public static func pngBomb(side: Int = 100_000) -> [UInt8] {
        TinyPNG.file(width: side, height: side, zlib: TinyPNG.zlibStored([0, 0, 0, 0]))
    }

    /// A real 1,151-byte baseline JPEG with restart markers (scikit-image's astronaut, downscaled, written by Pillow;
    /// Tests/EcoImageTests/Fixtures/jpeg-tiny-restart.jpg, made by scripts/reference/images.py).
    public static let jpeg: [UInt8] = Array(Data(base64Encoded: "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAAYACgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/90ABAAC/9oADAMBAAIRAxEAPwCb4r2NhoHjcyXF7FFZWsCOsQBEaynJDMvp0/GuM8T3oubEXt3qlnGsylkF3MF3Ko+9jHIyRk9BmrekTI+o6fqniS0udYvHU5unl3kTjOGCkhTnkDHIxgVka/Yr4t0+40rUFvLezmSS3TdGY3WNmDMuVI+XKqcZBHPYmviK1S9Rvo2fcwhJU7LVolufDn9t6NJNbKl5DHbRCOSNg4fzCXJQrwQpRTxkckV0PhHw9faBFPDKrxkRfuYpct5Q3MobP1H/AI8PSsP4YqvhubVfDN1Mgl+3reWMka+WgjKKrIF3HHKg4yfvZ71b1YX8/wATJ9Qu9SuY9OsWFuum2s5RmmU7mYAdc5C5bgLnjtWUayc+VSuypU5QipOJ/9Dzrxf4HTxJrTTapBKk5+WFLpAp2f7I9O9Fd3ez6D461GJ00bxH/asMGyOeymSUBe52uBjmivFtF7H0rk27tlr4XaP/AMJN4Wu7LUAkkKyFoX4JZTzWu+m3Gg2lzZSkXkGP3MjcOv8Ask9/rRRXmKCqU1zHoKTjLQ//0eH8aWL3Wl2culfbIvFFncboMpmKRGYBkc+wJII9MYNdf4P0LUJ7uaaA3F7q7yB5LsRpGQ5+++CCFHOMHqAKKK+Phh6dNx5Vqfb1q05RabPR9A1d5vFd7DfTWkU9hEkDxWgyzZ+YMQBwO34Giiivdi21dnjn/9k=")!)
}
