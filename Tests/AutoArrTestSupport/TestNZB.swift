import Foundation

/// A small, valid NZB whose one article exists nowhere: a job that never completes by itself.
public enum TestNZB {
    public static func make(name: String) -> Data {
        Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE nzb PUBLIC "-//newzBin//DTD NZB 1.1//EN" "http://www.newzbin.com/DTD/nzb/nzb-1.1.dtd">
            <nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">
              <file poster="autoarr@test" date="1700000000" subject="\(name) - &quot;\(name).mkv&quot; yEnc (1/1)">
                <groups><group>alt.binaries.test</group></groups>
                <segments><segment bytes="51200" number="1">\(UUID().uuidString)@autoarr.test</segment></segments>
              </file>
            </nzb>
            """.utf8)
    }
}
