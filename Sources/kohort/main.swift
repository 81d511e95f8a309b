import KohortCore
print("kohort \(Kohort.version)")
