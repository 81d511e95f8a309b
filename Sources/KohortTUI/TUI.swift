import KohortCore
