from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class RegisterForm(FlaskForm):
    join_code = StringField("Join code (from your tutor)",
                            validators=[DataRequired(), Length(max=16)])
    username = StringField("Choose a username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Choose a password (8 or more characters)",
                             validators=[DataRequired(), Length(min=8, max=200)])
