//! The app's fixed vocabularies (notification kind and category, permission, stage,
//! invitation and ticket status, theme, widget) are enums stored as text. `stored_as_text!`
//! gives such an enum, which has `ALL` and `as_str`, its `parse` (the value named by a
//! text, for requests and URLs) and its column type: it is written as its text and read
//! back strictly, so a value the app does not know is an error (a 500 with a log line),
//! never silently taken for some default.

/// Implements `parse` and the database column type (server build only) of a text
/// vocabulary enum.
macro_rules! stored_as_text {
    ($t:ty) => {
        impl $t {
            /// The value named `text` (its `as_str`), if there is one.
            pub fn parse(text: &str) -> Option<$t> {
                <$t>::ALL.into_iter().find(|v| v.as_str() == text)
            }
        }

        #[cfg(feature = "ssr")]
        impl sqlx::Type<sqlx::Any> for $t {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <String as sqlx::Type<sqlx::Any>>::type_info()
            }

            fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
                <String as sqlx::Type<sqlx::Any>>::compatible(ty)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r> sqlx::Decode<'r, sqlx::Any> for $t {
            fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <String as sqlx::Decode<sqlx::Any>>::decode(value)?;
                <$t>::parse(&text).ok_or_else(|| {
                    format!("unknown {} {text:?} in the database", stringify!($t)).into()
                })
            }
        }

        #[cfg(feature = "ssr")]
        impl<'q> sqlx::Encode<'q, sqlx::Any> for $t {
            fn encode_by_ref(
                &self,
                buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, sqlx::Any>>::encode(self.as_str(), buf)
            }
        }
    };
}

pub(crate) use stored_as_text;
